import { hostname } from 'node:os';

/** Bind addresses that mean "every interface": no one address of them reaches this node. */
const wildcardAddresses = new Set(['0.0.0.0', '::', '[::]', '']);

/**
 * Where the other nodes of the fleet reach this node's admin API when
 * HEADWATER_ADVERTISED_ADMIN_URL is not set: the bind address when it is one specific address,
 * else this machine's host name (the same default as the node id), with the admin port.
 */
export function defaultAdvertisedAdminUrl(bind: string, adminPort: number, host: string = hostname()): string {
  const address = wildcardAddresses.has(bind) ? host : bind;
  // An IPv6 literal needs brackets in a URL.
  const authority = address.includes(':') && !address.startsWith('[') ? `[${address}]` : address;
  return `http://${authority}:${adminPort}`;
}
