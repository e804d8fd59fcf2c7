import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { TargetRecord } from '../config/records.ts';

// RFC 9110 §7.6.1 hop-by-hop headers, plus Host (rewritten), proxy credentials, and Expect
// (the gateway answers `100-continue` itself; undici refuses to send it).
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'proxy-authorization',
  'proxy-authenticate',
  'host',
  'http2-settings',
  'expect',
  // RFC 7239's form of X-Forwarded-*: only the gateway says who the client is (below).
  'forwarded',
]);

const isForwarded = (name: string) => name.startsWith('x-forwarded-');

function connectionListed(headers: IncomingHttpHeaders | Record<string, string | string[] | undefined>): Set<string> {
  const value = headers.connection;
  const text = Array.isArray(value) ? value.join(',') : (value ?? '');
  return new Set(
    text
      .split(',')
      .map((token) => token.trim().toLowerCase())
      .filter(Boolean),
  );
}

const defaultPort = { http: 80, https: 443 } as const;

/**
 * Headers for the attempt at `target`: hop-by-hop dropped, injected headers replacing the
 * caller's, and X-Forwarded-* (and Forwarded) replaced, not trusted: a caller could otherwise
 * name any client address, scheme or host to the target (SPEC "Hostile callers").
 */
export function forwardRequestHeaders(req: IncomingMessage, target: TargetRecord): Record<string, string | string[]> {
  const listed = connectionListed(req.headers);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || hopByHop.has(name) || listed.has(name) || isForwarded(name)) continue;
    headers[name] = value;
  }
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
  headers['x-forwarded-proto'] = 'http'; // the data plane listens for plain HTTP only
  headers['x-forwarded-host'] = req.headers.host ?? '';
  headers.host = target.port === defaultPort[target.protocol] ? target.host : `${target.host}:${target.port}`;
  for (const [name, value] of Object.entries(target.headers)) headers[name] = value;
  return headers;
}

/** Response headers to relay to the caller: hop-by-hop dropped. */
export function relayResponseHeaders(headers: Record<string, string | string[] | undefined>): OutgoingHttpHeaders {
  const listed = connectionListed(headers);
  const relayed: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || hopByHop.has(name) || listed.has(name)) continue;
    relayed[name] = value;
  }
  return relayed;
}
