// HTTP dates (RFC 9110 §5.6.7) read strictly, without the platform's Date: `Date.parse`
// accepts almost anything ("1.5" is a date in 2001, "-1" one in 2000), which turned a
// malformed Retry-After into no cooldown at all. Anything that is not one of the three
// formats below is not a date.
import { daysFromCivil, daysInMonth } from '../calendar.ts';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY_MS = 86_400_000;

// Sun, 06 Nov 1994 08:49:37 GMT
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// Sunday, 06-Nov-94 08:49:37 GMT (obsolete)
const RFC_850 =
  /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
// Sun Nov  6 08:49:37 1994 (obsolete)
const ASCTIME = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

/** Epoch milliseconds of an HTTP date, or null when `value` is not one. `now` places two-digit years. */
export function parseHttpDate(value: string, now: number): number | null {
  let match = IMF_FIXDATE.exec(value);
  if (match) return epochMs(Number(match[3]), match[2]!, Number(match[1]), match.slice(4, 7));
  match = RFC_850.exec(value);
  if (match) return epochMs(fullYear(Number(match[3]), now), match[2]!, Number(match[1]), match.slice(4, 7));
  match = ASCTIME.exec(value);
  if (match) return epochMs(Number(match[6]), match[1]!, Number(match[2]!.trim()), match.slice(3, 6));
  return null;
}

/** "HH:MM:SS" in UTC, as the grid's reasons print a time of day. */
export function utcTimeOfDay(epochMsValue: number): string {
  const seconds = Math.floor((((epochMsValue % DAY_MS) + DAY_MS) % DAY_MS) / 1_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(seconds / 3_600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

function epochMs(year: number, monthName: string, day: number, time: readonly (string | undefined)[]): number | null {
  const month = MONTHS.indexOf(monthName) + 1;
  const [hour, minute, second] = time.map(Number) as [number, number, number];
  if (month === 0 || day < 1 || day > daysInMonth(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 60) return null; // 60: a leap second, as RFC 5322 allows
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1_000;
}

/** RFC 9110: a two-digit year more than 50 years ahead is the most recent past year with those digits. */
function fullYear(twoDigits: number, now: number): number {
  const currentYear = 1970 + Math.floor(now / (365.2425 * DAY_MS));
  const candidate = Math.floor(currentYear / 100) * 100 + twoDigits;
  return candidate > currentYear + 50 ? candidate - 100 : candidate;
}
