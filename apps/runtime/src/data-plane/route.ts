import type { IncomingMessage } from 'node:http';
import type { ConfigSnapshot, UpstreamRuntime } from '../config/snapshot.ts';

export type Route =
  /** `path`: path and query to send to the target (a `/u/{name}` prefix stripped). */
  | { readonly kind: 'routed'; readonly upstream: UpstreamRuntime; readonly path: string }
  | { readonly kind: 'unknown'; readonly name: string }
  /** Not forwardable whatever the config: the caller gets 400 with `reason`. */
  | { readonly kind: 'invalid'; readonly reason: string };

const SLASH = 0x2f;
const NOT_ORIGIN_FORM: Route = {
  kind: 'invalid',
  reason: 'the request target must be origin-form (a path starting with /): absolute-form, authority-form and * are not forwarded',
};
const TWO_HOSTS: Route = { kind: 'invalid', reason: 'more than one Host header' };
const BAD_HOST: Route = { kind: 'invalid', reason: 'the Host header is not a valid host[:port]' };
// RFC 3986 host (IP-literal or reg-name, which covers IPv4) and an optional port.
const VALID_HOST = /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9\-._~!$&'()*+,;=%]*)(?::\d{0,5})?$/;

const hostWithoutPort = (host: string): string => {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
};

/** Node keeps the first of several Host lines; RFC 9112 §3.2 requires a 400, so a front balancer that read another one is not second-guessed. */
function hostLines(rawHeaders: string[]): number {
  let count = 0;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index]!;
    if (name.length === 4 && name.toLowerCase() === 'host') count++;
  }
  return count;
}

/**
 * A `Host` that names an upstream wins; otherwise a `/u/{name}/` prefix, which is stripped.
 * Only origin-form request targets are forwarded (an absolute-form one would reach the target
 * as is, naming any host), and a Host that is doubled or not a host is refused (RFC 9112 §3.2).
 */
export function resolveRoute(req: IncomingMessage, snapshot: ConfigSnapshot): Route {
  const url = req.url ?? '/';
  if (url.charCodeAt(0) !== SLASH) return NOT_ORIGIN_FORM;
  const host = req.headers.host;
  if (host) {
    if (hostLines(req.rawHeaders) > 1) return TWO_HOSTS;
    const upstream = snapshot.upstreams.get(hostWithoutPort(host));
    if (upstream) return { kind: 'routed', upstream, path: url };
    if (!VALID_HOST.test(host)) return BAD_HOST;
  }
  if (url.startsWith('/u/')) {
    const end = url.slice(3).search(/[/?]/);
    const name = end === -1 ? url.slice(3) : url.slice(3, 3 + end);
    const rest = end === -1 ? '' : url.slice(3 + end);
    const upstream = snapshot.upstreams.get(name);
    if (upstream) return { kind: 'routed', upstream, path: rest.startsWith('/') ? rest : `/${rest}` };
    return { kind: 'unknown', name };
  }
  return { kind: 'unknown', name: host ? hostWithoutPort(host) : '' };
}
