import { promises as dns, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import type { Clock } from '@headwater/core';

/** Where names are resolved: node:dns in production; a fake in the unit test of this module. */
export interface DnsSource {
  resolve4(host: string): Promise<Array<{ address: string; ttl: number }>>;
  resolve6(host: string): Promise<Array<{ address: string; ttl: number }>>;
  /** The system resolver (/etc/hosts included), which reports no TTL. */
  lookup(host: string): Promise<LookupAddress[]>;
}

// Bounded, so a name that only the hosts file knows is not held up for long by an
// unreachable DNS server before the fallback to the system resolver.
const resolver = new dns.Resolver({ timeout: 2_000, tries: 2 });
const systemDns: DnsSource = {
  resolve4: (host) => resolver.resolve4(host, { ttl: true }),
  resolve6: (host) => resolver.resolve6(host, { ttl: true }),
  lookup: (host) => dns.lookup(host, { all: true }),
};

const isLocalhost = (host: string) => host === 'localhost' || host.endsWith('.localhost');

interface Entry {
  addresses: LookupAddress[];
  expiresAt: number;
  pending?: Promise<LookupAddress[]>;
}

export interface DnsCacheOptions {
  /** TTLs run on this clock. */
  clock: Clock;
  source?: DnsSource;
  /** For names only the system resolver knows (e.g. /etc/hosts), which carry no TTL. */
  fallbackTtlMs?: number;
  minTtlMs?: number;
  maxTtlMs?: number;
}

/**
 * Resolves target host names honouring their DNS TTL: a name is resolved again once its
 * shortest record TTL has passed (clamped to 1 s .. 5 min), so new connections follow DNS
 * changes while a burst of connections costs one query. Names with no DNS record (hosts
 * file) fall back to the system resolver with a short fixed TTL. When re-resolution fails,
 * the last good addresses are served (stale beats down) until a query succeeds again.
 */
export class DnsCache {
  private readonly entries = new Map<string, Entry>();
  private readonly source: DnsSource;
  private readonly clock: Clock;
  private readonly fallbackTtlMs: number;
  private readonly minTtlMs: number;
  private readonly maxTtlMs: number;

  constructor(options: DnsCacheOptions) {
    this.clock = options.clock;
    this.source = options.source ?? systemDns;
    this.fallbackTtlMs = options.fallbackTtlMs ?? 30_000;
    this.minTtlMs = options.minTtlMs ?? 1_000;
    this.maxTtlMs = options.maxTtlMs ?? 300_000;
  }

  /** All addresses of `host` (IPv4 first), from the cache while its TTL lasts. */
  async resolve(host: string): Promise<LookupAddress[]> {
    const family = isIP(host);
    if (family) return [{ address: host, family }];
    const entry = this.entries.get(host);
    if (entry && entry.expiresAt > this.clock.now()) return entry.addresses;
    if (entry?.pending) return entry.pending;
    const pending = this.query(host).then(
      ({ addresses, ttlMs }) => {
        this.entries.set(host, { addresses, expiresAt: this.clock.now() + ttlMs });
        return addresses;
      },
      (error: unknown) => {
        if (entry && entry.addresses.length > 0) {
          delete entry.pending;
          return entry.addresses; // stale, until a query succeeds again
        }
        this.entries.delete(host);
        throw error;
      },
    );
    this.entries.set(host, { addresses: entry?.addresses ?? [], expiresAt: entry?.expiresAt ?? 0, pending });
    return pending;
  }

  /** A `lookup` for net/tls connect options (undici's connector passes it through). */
  readonly lookup: LookupFunction = (hostname: string, options: LookupOptions, callback) => {
    this.resolve(hostname).then(
      (addresses) => {
        const wanted = options.family ? addresses.filter((a) => a.family === options.family) : addresses;
        if (wanted.length === 0) {
          callback(Object.assign(new Error(`no address of family ${options.family} for ${hostname}`), { code: 'ENOTFOUND' }), '', 0);
        } else if (options.all) {
          callback(null, wanted);
        } else {
          callback(null, wanted[0]!.address, wanted[0]!.family);
        }
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    );
  };

  private async query(host: string): Promise<{ addresses: LookupAddress[]; ttlMs: number }> {
    if (isLocalhost(host)) return this.systemLookup(host);
    const [v4, v6] = await Promise.allSettled([this.source.resolve4(host), this.source.resolve6(host)]);
    const records = [
      ...(v4.status === 'fulfilled' ? v4.value.map((r) => ({ ...r, family: 4 })) : []),
      ...(v6.status === 'fulfilled' ? v6.value.map((r) => ({ ...r, family: 6 })) : []),
    ];
    if (records.length > 0) {
      const ttlMs = Math.min(...records.map((r) => r.ttl * 1_000));
      return {
        addresses: records.map(({ address, family }) => ({ address, family })),
        ttlMs: Math.min(this.maxTtlMs, Math.max(this.minTtlMs, ttlMs)),
      };
    }
    // No DNS record: a hosts-file name.
    return this.systemLookup(host);
  }

  private async systemLookup(host: string): Promise<{ addresses: LookupAddress[]; ttlMs: number }> {
    const addresses = await this.source.lookup(host);
    return { addresses: [...addresses].sort((a, b) => a.family - b.family), ttlMs: this.fallbackTtlMs };
  }
}
