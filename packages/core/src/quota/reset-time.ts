// The reset times AI services put in their rate-limit headers, read strictly and without the
// platform's Date (whose parser accepts nearly anything): anything else is not a time, and a
// header that is not a time is ignored, never thrown on.
import { daysFromCivil, daysInMonth } from '../calendar.ts';

const DAY_MS = 86_400_000;
/** A reset further away than this is read as this far: a garbled value must not hold a key back for years. */
export const MAX_RESET_MS = DAY_MS;
/** A bare number at least this large is epoch seconds (2001 on), not a duration of 31 years. */
const EPOCH_SECONDS_FROM = 1_000_000_000;

const UNIT_MS: Readonly<Record<string, number>> = {
  h: 3_600_000,
  m: 60_000,
  s: 1_000,
  ms: 1,
  us: 1e-3,
  µs: 1e-3, // U+00B5 MICRO SIGN, as Go prints it
  μs: 1e-3, // U+03BC GREEK SMALL LETTER MU
  ns: 1e-6,
};
// `ms` before `m`, so "20ms" is 20 milliseconds and not 20 minutes followed by garbage.
const DURATION_PART = /(\d+(?:\.\d+)?)(ms|h|m|s|us|µs|μs|ns)/y;
const BARE_NUMBER = /^\d+(?:\.\d+)?$/;

/**
 * Milliseconds of a duration as OpenAI and Azure send it (Go's `time.Duration` text: `6m0s`,
 * `1s`, `20ms`, `1h2m3.5s`, `0s`), or of bare seconds (`12`, `0.5`) as some services send;
 * null for anything else (empty, negative, `soon`, `5 s`).
 */
export function parseDurationMs(value: string): number | null {
  if (BARE_NUMBER.test(value)) return Number(value) * 1_000;
  let total = 0;
  let at = 0;
  while (at < value.length) {
    DURATION_PART.lastIndex = at;
    const part = DURATION_PART.exec(value);
    if (part === null) return null;
    total += Number(part[1]) * UNIT_MS[part[2]!]!;
    at = DURATION_PART.lastIndex;
  }
  return at > 0 && Number.isFinite(total) ? total : null;
}

// 2026-11-30T12:00:00Z, 2026-11-30T12:00:00.123456+01:00 (RFC 3339 §5.6; `t`, `z` and a space allowed by its notes).
const RFC_3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

/** Epoch milliseconds of an RFC 3339 date-time (fractions below 1 ms dropped), or null when `value` is not one. */
export function parseRfc3339(value: string): number | null {
  const match = RFC_3339.exec(value);
  if (match === null) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null; // 60: a leap second, as RFC 3339 allows
  const fractionMs = match[7] === undefined ? 0 : Number(match[7].slice(0, 3).padEnd(3, '0'));
  let offsetMinutes = 0;
  if (match[8] !== undefined) {
    const offsetHours = Number(match[9]);
    const offsetMins = Number(match[10]);
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (match[8] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const localMs = daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1_000 + fractionMs;
  return localMs - offsetMinutes * 60_000;
}

/**
 * When a budget resets, in epoch ms on the injected clock: an RFC 3339 time as is, a duration
 * from `now`, a bare number of at least 10⁹ as epoch seconds. At most `MAX_RESET_MS` from now;
 * null when the value is none of these. A time already past is returned as is (the caller decides).
 */
export function parseResetAt(raw: string, now: number): number | null {
  const value = raw.trim();
  let at = parseRfc3339(value);
  if (at === null && BARE_NUMBER.test(value) && Number(value) >= EPOCH_SECONDS_FROM) at = Number(value) * 1_000;
  if (at === null) {
    const durationMs = parseDurationMs(value);
    if (durationMs !== null) at = now + Math.ceil(durationMs);
  }
  return at === null ? null : Math.min(at, now + MAX_RESET_MS);
}
