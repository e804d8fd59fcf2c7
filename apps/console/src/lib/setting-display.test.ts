import { describe, expect, it } from 'vitest';
import { formatBytes, readableValue, typedValueReading } from '@/lib/setting-display';

describe('readableValue', () => {
  it.each([
    [{ kind: 'integer', unit: 'ms' }, 600_000, '10 min'],
    [{ kind: 'integer', unit: 'ms' }, 0, 'off'],
    [{ kind: 'integer', unit: 'bytes' }, 8_388_608, '8 MiB'],
    [{ kind: 'integer', unit: '%' }, 20, '20%'],
    [{ kind: 'statuses' }, ['200-299'], '200-299'],
    [{ kind: 'optional-text' }, undefined, undefined],
  ] as const)('%j %j -> %s', (field, value, reading) => {
    expect(readableValue(field, value)).toBe(reading);
  });
});

describe('typedValueReading', () => {
  it.each([
    ['300000', '5 min'],
    ['1500', '1.5 s'],
    ['', undefined],
    ['-1', undefined],
  ])('reads "%s" ms as %s', (text, reading) => {
    expect(typedValueReading({ kind: 'integer', unit: 'ms' }, text)).toBe(reading);
  });

  it('says nothing for plain counts', () => {
    expect(typedValueReading({ kind: 'integer' }, '5')).toBeUndefined();
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1_000, '1000 bytes'],
    [1_024, '1 KiB'],
    [1_073_741_824, '1 GiB'],
    [1_536, '1536 bytes'],
  ])('%d -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
