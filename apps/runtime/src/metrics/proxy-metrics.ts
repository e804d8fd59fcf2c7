import type { ConfigSnapshot } from '../config/snapshot.ts';
import type { ProxyStates, ProxyStatus } from '../state/proxy-states.ts';
import type { MetricFamily, Sample } from './exposition.ts';

const proxyStatuses: readonly ProxyStatus[] = ['unknown', 'up', 'down'];

/** The forward proxy's state per upstream that has one, read at scrape time. */
export class ProxyMetrics {
  constructor(
    private readonly proxies: ProxyStates,
    private readonly snapshot: () => ConfigSnapshot | undefined,
  ) {}

  collect(): MetricFamily[] {
    const samples: Sample[] = [];
    for (const upstream of this.snapshot()?.upstreams.values() ?? []) {
      if (!upstream.config.proxy) continue;
      const status = this.proxies.get(upstream.config.name)?.status ?? 'unknown';
      for (const value of proxyStatuses)
        samples.push({ labels: { upstream: upstream.config.name, state: value }, value: status === value ? 1 : 0 });
    }
    return [
      {
        name: 'headwater_proxy_state',
        help: 'Forward proxy state per upstream that uses one (one-hot: unknown, up, down).',
        type: 'gauge',
        samples,
      },
    ];
  }
}
