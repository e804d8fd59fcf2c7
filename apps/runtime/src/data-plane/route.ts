import type { IncomingMessage } from 'node:http';
import type { ConfigSnapshot, UpstreamRuntime } from '../config/snapshot.ts';

export interface Route {
  readonly upstream: UpstreamRuntime;
  /** Path and query to send to the target (a `/u/{name}` prefix stripped). */
  readonly path: string;
}

const hostWithoutPort = (host: string): string => {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
};

/** A `Host` that names an upstream wins; otherwise a `/u/{name}/` prefix, which is stripped. */
export function resolveRoute(req: IncomingMessage, snapshot: ConfigSnapshot): Route | { readonly name: string } {
  const url = req.url ?? '/';
  const host = req.headers.host;
  if (host) {
    const upstream = snapshot.upstreams.get(hostWithoutPort(host));
    if (upstream) return { upstream, path: url };
  }
  if (url.startsWith('/u/')) {
    const end = url.slice(3).search(/[/?]/);
    const name = end === -1 ? url.slice(3) : url.slice(3, 3 + end);
    const rest = end === -1 ? '' : url.slice(3 + end);
    const upstream = snapshot.upstreams.get(name);
    if (upstream) return { upstream, path: rest.startsWith('/') ? rest : `/${rest}` };
    return { name };
  }
  return { name: host ? hostWithoutPort(host) : '' };
}
