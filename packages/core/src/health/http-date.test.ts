import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseHttpDate, utcTimeOfDay } from './http-date.ts';

const now = Date.UTC(2026, 10, 30, 12, 0, 0);

describe('HTTP dates (RFC 9110 §5.6.7)', () => {
  it.each([
    ['IMF-fixdate', 'Sun, 06 Nov 1994 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['RFC 850', 'Sunday, 06-Nov-94 08:49:37 GMT', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['RFC 850, a two-digit year read as the nearest past century', 'Tuesday, 01-Jan-30 00:00:00 GMT', Date.UTC(2030, 0, 1)],
    ['asctime, one-digit day', 'Sun Nov  6 08:49:37 1994', Date.UTC(1994, 10, 6, 8, 49, 37)],
    ['asctime, two-digit day', 'Thu Feb 29 23:59:59 2024', Date.UTC(2024, 1, 29, 23, 59, 59)],
  ])('reads %s', (_name, text, expected) => {
    expect(parseHttpDate(text, now)).toBe(expected);
  });

  it.each([
    ['delta-seconds', '120'],
    ['a fraction', '1.5'],
    ['a negative number', '-1'],
    ['ISO 8601', '2026-11-30T12:00:00Z'],
    ['a time zone other than GMT', 'Sun, 06 Nov 1994 08:49:37 PST'],
    ['an unknown month', 'Sun, 06 Foo 1994 08:49:37 GMT'],
    ['a day the month does not have', 'Fri, 29 Feb 2019 00:00:00 GMT'],
    ['an hour out of range', 'Sun, 06 Nov 1994 24:00:00 GMT'],
    ['trailing text', 'Sun, 06 Nov 1994 08:49:37 GMT x'],
    ['words', 'soon'],
  ])('refuses %s', (_name, text) => {
    expect(parseHttpDate(text, now)).toBeNull();
  });

  it('property: every IMF-fixdate the platform writes reads back to the same second', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_799 }), (seconds) => {
        const epochMs = seconds * 1_000;
        expect(parseHttpDate(new Date(epochMs).toUTCString(), now)).toBe(epochMs);
      }),
    );
  });

  it('prints the UTC time of day', () => {
    expect(utcTimeOfDay(Date.UTC(2026, 10, 30, 7, 5, 9, 999))).toBe('07:05:09');
    expect(utcTimeOfDay(Date.UTC(1969, 11, 31, 23, 59, 59))).toBe('23:59:59');
  });
});
