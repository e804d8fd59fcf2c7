import { isIPv4, isIPv6 } from 'node:net';

// Who a login attempt is counted against. Route handlers do not see the socket: `next start`
// fills X-Forwarded-For with the peer's address only when the request has none, and a
// reverse proxy appends the address it saw. So the last entry is the best witness there
// is: the real peer (directly exposed, or behind a proxy that appends), or, for a caller
// that sends the header itself straight to the console, a value it chose. That is why the
// login limiter also has an overall budget (see login-attempt-limiter.ts).

/** One bucket for everything that is not an address: garbage must not mint new keys. */
export const UNKNOWN_CLIENT = 'unknown';

/** The limiter key for a request: an IPv4 address, an IPv6 /64 (one host's usual allotment), or `unknown`. */
export function clientAddress(forwardedFor: string | null): string {
  const last = forwardedFor?.split(',').at(-1)?.trim() ?? '';
  const address = withoutPort(last);
  const mappedV4 = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/iu.exec(address)?.[1];
  if (mappedV4 !== undefined && isIPv4(mappedV4)) return mappedV4;
  if (isIPv4(address)) return address;
  if (isIPv6(address)) return ipv6Prefix64(address);
  return UNKNOWN_CLIENT;
}

/** `[2001:db8::1]:443` and `192.0.2.1:8080` as some proxies write them; a bare IPv6 has no port. */
function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/u.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4WithPort = /^(\d+\.\d+\.\d+\.\d+):\d+$/u.exec(entry);
  return v4WithPort ? v4WithPort[1]! : entry;
}

/** The first four groups, written out: one key however the address is spelled or zone-scoped. */
function ipv6Prefix64(address: string): string {
  // The URL parser rewrites an embedded IPv4 tail as hex groups and lower-cases the rest.
  const canonical = new URL(`http://[${address.replace(/%.*$/u, '')}]/`).hostname.slice(1, -1);
  const [head = '', tail] = canonical.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const zeros = Array.from({ length: 8 - headGroups.length - tailGroups.length }, () => '0');
  const groups = tail === undefined ? headGroups : [...headGroups, ...zeros, ...tailGroups];
  return `${groups.slice(0, 4).join(':')}::/64`;
}
