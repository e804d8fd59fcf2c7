import { describe, expect, it } from 'vitest';
import { MAX_RESET_MS, parseDurationMs, parseResetAt, parseRfc3339 } from './reset-time.ts';

const NOW = 1_800_000_000_000; // 2027-01-15T08:00:00Z

describe('parseDurationMs', () => {
  it.each([
    ['6m0s', 360_000],
    ['1s', 1_000],
    ['20ms', 20],
    ['1h2m3.5s', 3_723_500],
    ['0s', 0],
    ['1m30s', 90_000],
    ['59.123s', 59_123],
    ['2h45m0.5s', 9_900_500],
    ['1.5h', 5_400_000],
    ['500us', 0.5],
    ['1.5µs', 0.0015],
    ['250ns', 0.00025],
    ['12', 12_000],
    ['0.5', 500],
    ['0', 0],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDurationMs(text)).toBeCloseTo(ms, 9);
  });

  it.each(['', ' ', '-1s', '-12', 'soon', '5 s', '1.s', '.5s', 's', 'm', '1d', '1m30', '20msx', '1h-2m', 'NaN', 'Infinity', '1e3'])(
    'reads %j as no duration',
    (text) => {
      expect(parseDurationMs(text)).toBeNull();
    },
  );
});

describe('parseRfc3339', () => {
  it.each([
    ['2026-11-30T12:00:00Z', Date.UTC(2026, 10, 30, 12, 0, 0)],
    ['2026-11-30T12:00:00.5Z', Date.UTC(2026, 10, 30, 12, 0, 0, 500)],
    ['2026-11-30T12:00:00.123456789Z', Date.UTC(2026, 10, 30, 12, 0, 0, 123)],
    ['2026-11-30T13:30:00+01:30', Date.UTC(2026, 10, 30, 12, 0, 0)],
    ['2026-11-30T07:00:00-05:00', Date.UTC(2026, 10, 30, 12, 0, 0)],
    ['2026-11-30T12:00:00-00:00', Date.UTC(2026, 10, 30, 12, 0, 0)],
    ['2026-11-30t12:00:00z', Date.UTC(2026, 10, 30, 12, 0, 0)],
    ['2026-11-30 12:00:00Z', Date.UTC(2026, 10, 30, 12, 0, 0)],
    ['2028-02-29T00:00:00Z', Date.UTC(2028, 1, 29)],
    ['2000-02-29T00:00:00Z', Date.UTC(2000, 1, 29)],
    ['1970-01-01T00:00:00Z', 0],
    ['2026-12-31T23:59:60Z', Date.UTC(2027, 0, 1)], // a leap second
  ])('%s', (text, epochMs) => {
    expect(parseRfc3339(text)).toBe(epochMs);
  });

  it.each([
    '2026-11-30T12:00:00', // no offset: not RFC 3339
    '2026-11-30',
    '2026-13-01T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2100-02-29T00:00:00Z',
    '2026-04-31T00:00:00Z',
    '2026-11-30T24:00:00Z',
    '2026-11-30T12:60:00Z',
    '2026-11-30T12:00:61Z',
    '2026-11-30T12:00:00+24:00',
    '2026-11-30T12:00:00+01:60',
    '2026-11-30T12:00:00.Z',
    '2026-11-30T12:00:00+0100',
    'Mon, 30 Nov 2026 12:00:00 GMT',
    ' 2026-11-30T12:00:00Z',
  ])('reads %j as no date', (text) => {
    expect(parseRfc3339(text)).toBeNull();
  });
});

describe('parseResetAt', () => {
  it('adds a duration to the injected now, rounding sub-millisecond parts up', () => {
    expect(parseResetAt('6m0s', NOW)).toBe(NOW + 360_000);
    expect(parseResetAt('12', NOW)).toBe(NOW + 12_000);
    expect(parseResetAt('500us', NOW)).toBe(NOW + 1);
    expect(parseResetAt(' 1s ', NOW)).toBe(NOW + 1_000);
  });

  it('takes an RFC 3339 time as is, even one already past', () => {
    expect(parseResetAt('2027-01-15T08:00:12Z', NOW)).toBe(NOW + 12_000);
    expect(parseResetAt('2027-01-15T07:59:59Z', NOW)).toBe(NOW - 1_000);
  });

  it('reads a bare number of 10⁹ or more as epoch seconds', () => {
    expect(parseResetAt('1800000030', NOW)).toBe(NOW + 30_000);
    expect(parseResetAt('999999999', NOW)).toBe(NOW + MAX_RESET_MS); // a 31-year duration, held to a day
  });

  it('holds a far reset to one day', () => {
    expect(parseResetAt('100000h', NOW)).toBe(NOW + MAX_RESET_MS);
    expect(parseResetAt('2099-01-01T00:00:00Z', NOW)).toBe(NOW + MAX_RESET_MS);
  });

  it.each(['', 'soon', '-5', 'tomorrow', '12 seconds'])('reads %j as no reset', (text) => {
    expect(parseResetAt(text, NOW)).toBeNull();
  });
});
