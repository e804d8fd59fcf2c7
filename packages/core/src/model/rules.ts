import { z } from 'zod';
import { isMasked } from '../secrets.ts';

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

const headerNamePattern = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * Names an injected header may not have: framing and hop-by-hop headers (RFC 9110 §7.6.1,
 * plus `expect`), which the gateway sets itself for each hop. Injected, they would break the
 * framing of every request, or let one request smuggle another to the target.
 */
const gatewayOwnedHeaders = new Set([
  'host',
  'content-length',
  'transfer-encoding',
  'connection',
  'expect',
  'upgrade',
  'te',
  'keep-alive',
  'trailer',
]);
const isGatewayOwned = (name: string) => gatewayOwnedHeaders.has(name) || name.startsWith('proxy-');

// What Node (and RFC 9110's field-value) lets a header value hold: no CR, LF or other control
// characters, so a value can never split a header, and nothing Node would refuse to send.
const printableValue = /^[\t\x20-\x7E\x80-\xFF]*$/;
const MAX_HEADER_VALUE_LENGTH = 8_192;

function headerIssue(name: string, value: unknown, firstSpelling: Map<string, string>): string | undefined {
  if (!headerNamePattern.test(name)) return 'must be a valid HTTP header name';
  const lower = name.toLowerCase();
  if (isGatewayOwned(lower)) return 'is a hop-by-hop or framing header, which the gateway sets itself';
  const first = firstSpelling.get(lower);
  if (first !== undefined) return `duplicates header "${first}" (names are not case-sensitive)`;
  firstSpelling.set(lower, name);
  if (typeof value !== 'string') return undefined; // the value schema has reported it
  // A mask keeps a stored value only where one is stored (an update, an import): here there is none.
  if (isMasked(value)) return 'is masked: give the value';
  if (!printableValue.test(value)) return 'must be printable: tab, 0x20-0x7E and 0x80-0xFF only';
  if (value.length > MAX_HEADER_VALUE_LENGTH) return `must be at most ${MAX_HEADER_VALUE_LENGTH} characters`;
  return undefined;
}

/**
 * Header name -> value, as injected into requests (a target's `headers`) or probes (an active
 * check's `headers`). Names are lower-cased, so "replace the caller's" is exact; each issue
 * names the header as it was given.
 */
export const headerMap = z
  .record(z.string(), z.string({ error: 'must be a string' }))
  .superRefine((headers, ctx) => {
    const firstSpelling = new Map<string, string>();
    for (const [name, value] of Object.entries(headers)) {
      const message = headerIssue(name, value, firstSpelling);
      if (message) ctx.addIssue({ code: 'custom', path: [name], message });
    }
  })
  .transform((headers) => Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])));

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
