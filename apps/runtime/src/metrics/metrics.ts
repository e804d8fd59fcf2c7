import type { ProbeResult, ProbeVerdict } from '@headwater/core';
import type { ConfigSnapshot } from '../config/snapshot.ts';
import type { AccessLogLine } from '../data-plane/access-log.ts';
import type { TargetEvent } from '../state/target-state.ts';
import type { ProxyStates } from '../state/proxy-states.ts';
import { EventLoopDelay } from './event-loop-delay.ts';
import { renderFamilies, type MetricFamily } from './exposition.ts';
import { type GridFigures, gridFamilies } from './grid-metrics.ts';
import { ProxyMetrics } from './proxy-metrics.ts';
import { RequestMetrics } from './request-metrics.ts';
import { TargetMetrics, type TargetSource } from './target-metrics.ts';

export interface MetricsSources {
  states: TargetSource & GridFigures;
  proxies: ProxyStates;
  snapshot: () => ConfigSnapshot | undefined;
}

/**
 * Every metric the admin port's /metrics serves. Fed from the outside (access log lines,
 * target events, probe verdicts) so no hot-path module depends on it.
 */
export class Metrics {
  readonly requests = new RequestMetrics();
  readonly targets: TargetMetrics;
  /** Started by the runtime with its listeners, stopped at shutdown. */
  readonly eventLoopDelay = new EventLoopDelay();
  private readonly proxy: ProxyMetrics;
  private readonly grid: GridFigures;

  constructor(sources: MetricsSources) {
    this.targets = new TargetMetrics(sources.states);
    this.proxy = new ProxyMetrics(sources.proxies, sources.snapshot);
    this.grid = sources.states;
  }

  observeRequest(line: AccessLogLine): void {
    this.requests.observe(line);
  }

  observeTargetEvent(event: TargetEvent): void {
    this.targets.observeEvent(event);
  }

  /** For the active-checks scheduler: one call per finished probe. */
  observeProbe(upstream: string, targetId: string, verdict: ProbeVerdict): void {
    this.targets.observeProbe(upstream, targetId, verdict);
  }

  /** Same, from the prober's raw result (e.g. the scheduler's 'probe' report): classified with the target's expectedStatuses. */
  observeProbeResult(upstream: string, targetId: string, result: ProbeResult): void {
    this.targets.observeProbeResult(upstream, targetId, result);
  }

  families(): MetricFamily[] {
    // The grid's figures last: they then include the build this scrape's target gauges just made.
    return [
      ...this.requests.collect(),
      ...this.targets.collect(),
      ...this.proxy.collect(),
      ...gridFamilies(this.grid),
      ...this.eventLoopDelay.collect(),
    ];
  }

  render(): string {
    return renderFamilies(this.families());
  }
}
