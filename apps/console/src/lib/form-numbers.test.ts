import { describe, expect, it } from 'vitest';
import { numberOrDefault, requiredNumber } from '@/lib/form-numbers';

describe('numberOrDefault', () => {
  it.each([
    ['', undefined],
    ['   ', undefined],
    ['0', 0],
    [' 42 ', 42],
    ['1.5', 1.5],
    ['-3', -3],
  ])('"%s" -> %s', (input, expected) => {
    expect(numberOrDefault(input)).toBe(expected);
  });

  it('keeps what is not a number as NaN, for the API to name the field', () => {
    expect(numberOrDefault('12abc')).toBeNaN();
  });
});

describe('requiredNumber', () => {
  it.each([
    ['0', 0],
    [' 8080', 8080],
    ['65536', 65_536],
  ])('"%s" -> %d', (input, expected) => {
    expect(requiredNumber(input)).toBe(expected);
  });

  it.each(['', '  ', 'port'])('"%s" is NaN, which JSON sends as null', (input) => {
    expect(requiredNumber(input)).toBeNaN();
    expect(JSON.stringify({ port: requiredNumber(input) })).toBe('{"port":null}');
  });
});
