import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { TargetRecord } from '../config/records.ts';

// Both directions copy every header of every request, so this file is on the hot path: a
// frozen lookup instead of a Set, `for…in` instead of Object.entries, the Connection header
// parsed only when present (and remembered: its value rarely varies), and what depends only
// on the target (its Host, its injected headers) worked out once per target record.

/**
 * RFC 9110 §7.6.1 hop-by-hop headers, plus Host (rewritten), proxy credentials, Expect (the
 * gateway answers `100-continue` itself; undici refuses to send it) and RFC 7239's Forwarded
 * (only the gateway says who the client is: X-Forwarded-* below).
 */
const HOP_BY_HOP: Readonly<Record<string, true>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, true>, {
    connection: true,
    'keep-alive': true,
    'proxy-connection': true,
    'transfer-encoding': true,
    te: true,
    trailer: true,
    upgrade: true,
    'proxy-authorization': true,
    'proxy-authenticate': true,
    host: true,
    'http2-settings': true,
    expect: true,
    forwarded: true,
  }),
);

const isForwarded = (name: string) => name.startsWith('x-forwarded-');

const NONE_LISTED: readonly string[] = [];
let lastConnection: string | undefined;
let lastListed: readonly string[] = NONE_LISTED;

/** The header names a Connection header lists (dropped too): usually none, or `keep-alive`. */
function connectionListed(value: string | string[] | undefined): readonly string[] {
  if (value === undefined) return NONE_LISTED;
  const text = Array.isArray(value) ? value.join(',') : value;
  if (text === lastConnection) return lastListed;
  lastConnection = text;
  lastListed = text
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);
  return lastListed;
}

const dropped = (name: string, listed: readonly string[]) => HOP_BY_HOP[name] === true || (listed.length > 0 && listed.includes(name));

/** What the request headers for a target take from the target alone. */
interface TargetHeaders {
  readonly host: string;
  readonly injected: ReadonlyArray<readonly [string, string]>;
}

const defaultPort = { http: 80, https: 443 } as const;
// Config records are immutable and replaced whole on reload: keyed by the record itself.
const byTarget = new WeakMap<TargetRecord, TargetHeaders>();

function targetHeaders(target: TargetRecord): TargetHeaders {
  let headers = byTarget.get(target);
  if (!headers) {
    const host = target.port === defaultPort[target.protocol] ? target.host : `${target.host}:${target.port}`;
    headers = { host, injected: Object.entries(target.headers) };
    byTarget.set(target, headers);
  }
  return headers;
}

/**
 * Headers for the attempt at `target`: hop-by-hop dropped, injected headers replacing the
 * caller's, and X-Forwarded-* (and Forwarded) replaced, not trusted: a caller could otherwise
 * name any client address, scheme or host to the target (SPEC "Hostile callers").
 */
export function forwardRequestHeaders(req: IncomingMessage, target: TargetRecord): Record<string, string | string[]> {
  const incoming = req.headers;
  const listed = connectionListed(incoming.connection);
  const headers: Record<string, string | string[]> = {};
  for (const name in incoming) {
    const value = incoming[name];
    if (value === undefined || dropped(name, listed) || isForwarded(name)) continue;
    headers[name] = value;
  }
  const fromTarget = targetHeaders(target);
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  headers['x-forwarded-proto'] = 'http'; // the data plane listens for plain HTTP only
  headers['x-forwarded-host'] = incoming.host ?? '';
  headers.host = fromTarget.host;
  for (const [name, value] of fromTarget.injected) headers[name] = value;
  return headers;
}

/**
 * Response headers to relay to the caller: hop-by-hop dropped, then the gateway's `marks`
 * (x-headwater-*) set over them, in one object handed to `writeHead` as it is.
 */
export function relayResponseHeaders(headers: IncomingHttpHeaders, marks: OutgoingHttpHeaders): OutgoingHttpHeaders {
  const listed = connectionListed(headers.connection);
  const relayed: OutgoingHttpHeaders = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined || dropped(name, listed)) continue;
    relayed[name] = value;
  }
  for (const name in marks) relayed[name] = marks[name];
  return relayed;
}
