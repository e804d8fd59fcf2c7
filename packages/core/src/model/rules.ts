import { z } from 'zod';

// Building blocks shared by every schema, each with an error message that names the rule,
// so an operator reading "targets.0.port: must be at most 65535" knows what to change.

export const int = (min: number, max: number = Number.MAX_SAFE_INTEGER) =>
  z
    .number({ error: 'must be a number' })
    .int({ error: 'must be a whole number' })
    .min(min, { error: `must be at least ${min}` })
    .max(max, { error: `must be at most ${max}` });

/** A duration in milliseconds; 0 is allowed where the spec gives 0 a meaning ("off"). */
export const durationMs = (min = 0, max = 24 * 3_600_000) => int(min, max);

export const port = int(1, 65_535);

/** A stored object's id (a target's, say). */
export const id = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(200, { error: 'must be at most 200 characters' });

/** `[a-z0-9]([a-z0-9-.]*[a-z0-9])?`, at most 253 characters: usable as a Host header. */
export const upstreamName = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty', abort: true })
  .max(253, { error: 'must be at most 253 characters' })
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/, {
    error: 'must be lowercase letters, digits, "-" and ".", starting and ending with a letter or digit',
  });

const hostPattern =
  /^(?:\[[0-9a-fA-F:.]+\]|[0-9a-fA-F:]*:[0-9a-fA-F:.]+|(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?)$/;

/** An IPv4/IPv6 address or a DNS name. */
export const host = z
  .string({ error: 'must be a string' })
  .trim()
  .min(1, { error: 'must not be empty', abort: true })
  .max(253, { error: 'must be at most 253 characters' })
  .regex(hostPattern, { error: 'must be an IP address or a DNS name' });

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, { error: 'must be a valid HTTP header name' })
  .transform((name) => name.toLowerCase());

// No CR/LF: an injected value must never split a header.
const headerValue = z.string().regex(/^[^\r\n]*$/, { error: 'must not contain line breaks' });

/** Header name -> value; names are lower-cased so "replace the caller's" is exact. */
export const headerMap = z.record(headerName, headerValue);

/** HTTP status codes and "NNN-NNN" ranges, as in `expectedStatuses: [200-299]`. */
export const statusList = z
  .array(z.union([int(100, 599), z.string().regex(/^[1-5]\d\d(-[1-5]\d\d)?$/, { error: 'must be a status code or a range "NNN-NNN"' })]))
  .min(1, { error: 'must list at least one status' })
  .superRefine((items, ctx) => {
    for (const item of items) {
      if (typeof item !== 'string' || !item.includes('-')) continue;
      const [from, to] = item.split('-').map(Number) as [number, number];
      if (from > to) ctx.addIssue({ code: 'custom', message: `range "${item}" runs backwards` });
    }
  });

export type StatusList = z.infer<typeof statusList>;

/** Compiles a status list into a predicate; ranges are inclusive. */
export function statusMatcher(list: StatusList): (status: number) => boolean {
  const ranges = list.map((item): [number, number] => {
    if (typeof item === 'number') return [item, item];
    const [from, to = from] = item.split('-').map(Number) as [number, number?];
    return [from, to];
  });
  return (status) => ranges.some(([from, to]) => status >= from && status <= to);
}
