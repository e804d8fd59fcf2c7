import { isIP } from 'node:net';
import { Pool, ProxyAgent, type Dispatcher } from 'undici';
import type { DnsCache } from './dns-cache.ts';
import type { ProxySettings, Timeouts } from '@headwater/core';
import type { TargetRecord, UpstreamRecord } from '../config/records.ts';
import { ProxyConnectPool } from './proxy-connect-pool.ts';

export interface TargetRoute {
  readonly dispatcher: Dispatcher;
  /** `protocol://host:port` of the target (through a proxy too: the CONNECT goes there). */
  readonly origin: string;
  readonly viaProxy: boolean;
}

interface Entry extends TargetRoute {
  readonly key: string;
  builtFrom: { upstream: object; target: object };
}

export function originOf(target: Pick<TargetRecord, 'protocol' | 'host' | 'port'>): string {
  const host = target.host.includes(':') && !target.host.startsWith('[') ? `[${target.host}]` : target.host;
  return `${target.protocol}://${host}:${target.port}`;
}

function tlsOptions(target: TargetRecord) {
  return target.protocol === 'https'
    ? {
        rejectUnauthorized: target.tlsVerify,
        // SNI carries a host name only (RFC 6066); an IP target is verified against its IP SAN.
        ...(isIP(target.host) ? {} : { servername: target.host }),
        ...(target.caCert ? { ca: target.caCert } : {}),
      }
    : {};
}

function proxyToken(proxy: ProxySettings): string | undefined {
  if (proxy.username === undefined) return undefined;
  return `Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}`;
}

/**
 * How this node reaches each target: a keep-alive undici Pool, or, when the upstream names a
 * forward proxy, a ProxyAgent that opens CONNECT tunnels through it (requests and probes
 * alike). An entry is rebuilt only when something it was built from changes; the old one
 * closes gracefully, finishing what it carries.
 */
export class Dispatchers {
  private readonly entries = new Map<string, Entry>();

  /** Target names resolved with their DNS TTL (direct connections; through a proxy, the proxy resolves). */
  constructor(readonly dns: DnsCache) {}

  for(upstream: Pick<UpstreamRecord, 'proxy' | 'timeouts'>, target: TargetRecord): TargetRoute {
    const existing = this.entries.get(target.id);
    // Config records are immutable and replaced whole on reload: the same objects mean nothing changed.
    if (existing && existing.builtFrom.upstream === upstream && existing.builtFrom.target === target) return existing;
    const { proxy, timeouts } = upstream;
    const key = JSON.stringify([target.protocol, target.host, target.port, target.tlsVerify, target.caCert ?? null, proxy, timeouts]);
    if (existing?.key === key) {
      existing.builtFrom = { upstream, target };
      return existing;
    }
    if (existing) void existing.dispatcher.close().catch(() => undefined);
    const entry: Entry = {
      key,
      builtFrom: { upstream, target },
      origin: originOf(target),
      viaProxy: proxy !== null,
      dispatcher: this.build(target, proxy, timeouts),
    };
    this.entries.set(target.id, entry);
    return entry;
  }

  private build(target: TargetRecord, proxy: ProxySettings | null, timeouts: Timeouts): Dispatcher {
    const common = { headersTimeout: timeouts.headersMs, bodyTimeout: timeouts.bodyIdleMs, keepAliveTimeout: 30_000 };
    if (!proxy)
      return new Pool(originOf(target), {
        ...common,
        connect: { timeout: timeouts.connectMs, lookup: this.dns.lookup, ...tlsOptions(target) },
      });
    const token = proxyToken(proxy);
    return new ProxyAgent({
      ...common,
      uri: `http://${proxy.host.includes(':') ? `[${proxy.host}]` : proxy.host}:${proxy.port}`,
      ...(token ? { token } : {}),
      proxyTunnel: true,
      // ProxyAgent ignores `connect` (its own connector replaces it): the TCP connect to the
      // proxy takes its timeout from `proxyTls`, the CONNECT answer from ProxyConnectPool.
      proxyTls: { timeout: timeouts.connectMs },
      clientFactory: (origin: URL, options: object) => new ProxyConnectPool(origin, options, timeouts.connectMs),
      requestTls: { timeout: timeouts.connectMs, ...tlsOptions(target) },
    });
  }

  /** Closes the dispatcher of a target that is gone for good; what it still carries finishes first. */
  drop(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    void entry.dispatcher.close().catch(() => undefined);
  }

  async close(): Promise<void> {
    const closing = [...this.entries.values()].map((entry) => entry.dispatcher.close().catch(() => undefined));
    this.entries.clear();
    await Promise.all(closing);
  }

  destroy(): void {
    for (const entry of this.entries.values()) void entry.dispatcher.destroy().catch(() => undefined);
    this.entries.clear();
  }
}
