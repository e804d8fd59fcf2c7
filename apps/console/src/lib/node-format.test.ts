import { describe, expect, it } from 'vitest';
import { formatAgo, formatRate, formatUptime } from '@/lib/node-format';

describe('formatUptime', () => {
  it.each([
    [0, '0 s'],
    [42_400, '42 s'],
    [250_000, '4 min 10 s'],
    [3 * 3_600_000 + 12 * 60_000, '3 h 12 min'],
    [23 * 3_600_000 + 59 * 60_000, '23 h 59 min'],
    [24 * 3_600_000, '1 d'],
    [52 * 3_600_000 + 30 * 60_000, '2 d 4 h'],
    [-5_000, '0 s'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatUptime(ms)).toBe(text);
  });
});

describe('formatAgo', () => {
  it.each([
    [0, 'just now'],
    [999, 'just now'],
    [-2_000, 'just now'],
    [3_200, '3 s ago'],
    [16_000, '16 s ago'],
    [125_000, '2 min 5 s ago'],
  ])('%d ms -> %s', (ms, text) => {
    expect(formatAgo(ms)).toBe(text);
  });
});

describe('formatRate', () => {
  it.each([
    [0, '0'],
    [0.04, '0'],
    [0.4, '0.4'],
    [9.96, '10'],
    [12.6, '13'],
    [15_300.2, '15,300'],
  ])('%d/s -> %s', (rate, text) => {
    expect(formatRate(rate)).toBe(text);
  });
});
