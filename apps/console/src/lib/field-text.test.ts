import { describe, expect, it } from 'vitest';
import { fromText, statusList, toText } from '@/lib/field-text';

describe('toText', () => {
  it.each([
    ['integer', 5_000, '5000'],
    ['statuses', ['200-299', 404], '200-299, 404'],
    ['optional-text', undefined, ''],
    ['multiline', null, ''],
    ['choice', 'GET', 'GET'],
  ] as const)('shows a %s value as an input holds it', (kind, value, text) => {
    expect(toText(kind, value)).toBe(text);
  });
});

describe('fromText', () => {
  it.each([
    ['integer', ' 42 ', 42],
    ['decimal', '1.4', 1.4],
    ['optional-text', '  ', undefined],
    ['optional-text', ' ip ', 'ip'],
    ['multiline', '', undefined],
    ['multiline', ' {"a":1}\n', ' {"a":1}\n'],
    ['text', ' /health ', '/health'],
  ] as const)('reads a %s input "%s"', (kind, text, value) => {
    expect(fromText(kind, text)).toEqual(value);
  });

  it('reads an empty number as NaN, for core to name the field', () => {
    expect(fromText('integer', '')).toBeNaN();
  });
});

describe('statusList', () => {
  it('reads codes as numbers and ranges as text, split by commas or spaces', () => {
    expect(statusList('200-299, 404 503,,')).toEqual(['200-299', 404, 503]);
    expect(statusList('  ')).toEqual([]);
  });
});
