import type { ProxySettings, TargetSettings } from '@headwater/core';

// Secrets follow their destination: a stored secret was given for one destination, and is
// never sent to another one unless it is given again in the change that moves it.
//   - A target's injected headers go to its host and port, over its protocol, trusted by its
//     TLS settings: changing any of these moves them.
//   - An upstream's proxy password goes to the proxy's host and port. Injected headers pass
//     through the proxy too, readable by it unless the target speaks TLS that is verified.

/** The fields of a target that say where its injected headers go. */
const destinationFields = ['host', 'port', 'protocol', 'tlsVerify', 'caCert'] as const;

/** Destination fields that differ between the stored target and its next settings. */
export function movedTargetFields(before: TargetSettings, after: TargetSettings): string[] {
  return destinationFields.filter((field) => (before[field] ?? null) !== (after[field] ?? null));
}

/** `host:port` of a proxy, or null without one. */
export const proxyEndpoint = (proxy: ProxySettings | null | undefined): string | null => (proxy ? `${proxy.host}:${proxy.port}` : null);

/**
 * True when the upstream's traffic goes to a proxy it did not go to before. Removing the proxy
 * sends nothing anywhere new (the targets are the same), so it moves no secret.
 */
export function proxyMoved(before: ProxySettings | null | undefined, after: ProxySettings | null | undefined): boolean {
  const next = proxyEndpoint(after);
  return next !== null && next !== proxyEndpoint(before);
}

/** Whether a forward proxy on the way can read a target's injected headers: plain HTTP, or TLS it is not held to. */
export const proxyCanRead = (target: Pick<TargetSettings, 'protocol' | 'tlsVerify'>): boolean =>
  target.protocol === 'http' || !target.tlsVerify;
