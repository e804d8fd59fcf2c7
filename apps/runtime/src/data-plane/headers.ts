import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { TargetRecord } from '../config/records.ts';

// RFC 9110 §7.6.1 hop-by-hop headers, plus Host (rewritten) and proxy credentials.
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
]);

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

/** Headers for the attempt at `target`: hop-by-hop dropped, X-Forwarded-* set, injected headers replacing the caller's. */
export function forwardRequestHeaders(req: IncomingMessage, target: TargetRecord): Record<string, string | string[]> {
  const listed = connectionListed(req.headers);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || hopByHop.has(name) || listed.has(name)) continue;
    headers[name] = value;
  }
  const client = req.socket.remoteAddress ?? '';
  const forwardedFor = req.headers['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${forwardedFor}, ${client}` : client;
  headers['x-forwarded-proto'] = req.headers['x-forwarded-proto'] ?? 'http';
  headers['x-forwarded-host'] = req.headers['x-forwarded-host'] ?? req.headers.host ?? '';
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
