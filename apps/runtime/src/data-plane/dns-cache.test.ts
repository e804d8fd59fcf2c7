import { manualClock } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { DnsCache, type DnsSource } from './dns-cache.ts';

// A unit test of this module alone: the DNS source is a fake, time is a fake clock.
function fakeDns(records: Record<string, Array<{ address: string; ttl: number }>>, hosts: Record<string, string> = {}) {
  const queries: string[] = [];
  let failing = false;
  const source: DnsSource = {
    resolve4: async (host) => {
      queries.push(host);
      if (failing) throw Object.assign(new Error('SERVFAIL'), { code: 'ESERVFAIL' });
      const found = records[host]?.filter((r) => r.address.includes('.'));
      if (!found?.length) throw Object.assign(new Error('no data'), { code: 'ENODATA' });
      return found;
    },
    resolve6: async () => {
      throw Object.assign(new Error('no data'), { code: 'ENODATA' });
    },
    lookup: async (host) => {
      if (hosts[host]) return [{ address: hosts[host], family: 4 }];
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    },
  };
  return { source, queries, fail: (value: boolean) => (failing = value) };
}

describe('DNS cache', () => {
  it('re-resolves a name once its shortest TTL has passed, not before', async () => {
    const clock = manualClock(0);
    const dns = fakeDns({
      api: [
        { address: '10.0.0.1', ttl: 60 },
        { address: '10.0.0.2', ttl: 30 },
      ],
    });
    const cache = new DnsCache({ source: dns.source, clock });
    expect(await cache.resolve('api')).toEqual([
      { address: '10.0.0.1', family: 4 },
      { address: '10.0.0.2', family: 4 },
    ]);
    clock.set(29_999);
    await cache.resolve('api');
    expect(dns.queries).toEqual(['api']);
    clock.set(30_000);
    await cache.resolve('api');
    expect(dns.queries).toEqual(['api', 'api']);
  });

  it('clamps TTLs to 1 s .. 5 min and shares one query among concurrent lookups', async () => {
    const clock = manualClock(0);
    const dns = fakeDns({ zero: [{ address: '10.0.0.3', ttl: 0 }], long: [{ address: '10.0.0.4', ttl: 86_400 }] });
    const cache = new DnsCache({ source: dns.source, clock });
    await Promise.all([cache.resolve('zero'), cache.resolve('zero'), cache.resolve('long')]);
    expect(dns.queries.sort()).toEqual(['long', 'zero']);
    clock.set(999);
    await cache.resolve('zero');
    expect(dns.queries.filter((q) => q === 'zero')).toHaveLength(1);
    clock.set(300_000);
    await cache.resolve('long');
    expect(dns.queries.filter((q) => q === 'long')).toHaveLength(2);
  });

  it('falls back to the system resolver for hosts-file names, and serves stale addresses while DNS fails', async () => {
    const clock = manualClock(0);
    const dns = fakeDns({ api: [{ address: '10.0.0.5', ttl: 1 }] }, { 'my-host': '127.0.0.9' });
    const cache = new DnsCache({ source: dns.source, clock, fallbackTtlMs: 30_000 });
    expect(await cache.resolve('my-host')).toEqual([{ address: '127.0.0.9', family: 4 }]);
    await cache.resolve('api');
    dns.fail(true);
    clock.set(5_000);
    expect(await cache.resolve('api')).toEqual([{ address: '10.0.0.5', family: 4 }]);
    await expect(cache.resolve('unknown-host')).rejects.toMatchObject({ code: 'ENOTFOUND' });
  });

  it('answers node:net lookups in both forms (one address, or all for happy eyeballs)', async () => {
    const cache = new DnsCache({ source: fakeDns({ api: [{ address: '10.0.0.6', ttl: 60 }] }).source, clock: manualClock(0) });
    const one = await new Promise((resolve) => cache.lookup('api', {}, (error, address, family) => resolve([error, address, family])));
    expect(one).toEqual([null, '10.0.0.6', 4]);
    const all = await new Promise((resolve) => cache.lookup('api', { all: true }, (error, addresses) => resolve([error, addresses])));
    expect(all).toEqual([null, [{ address: '10.0.0.6', family: 4 }]]);
  });
});
