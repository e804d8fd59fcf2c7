import {
  classifyProbe,
  displayStates,
  quotaDimensions,
  windowSharePct,
  type QuotaState,
  type ActiveHealthCheck,
  type CircuitStatus,
  type ProbeResult,
  type ProbeVerdict,
} from '@headwater/core';
import type { GridSnapshot } from '../state/grid.ts';
import type { TargetEvent } from '../state/target-state.ts';
import { Counter } from './counter.ts';
import type { MetricFamily, Sample } from './exposition.ts';

const circuitStates: readonly CircuitStatus[] = ['closed', 'open', 'half-open'];

export interface TargetSource {
  grid(): GridSnapshot;
  /** host:port of a live target, to label series the way the grid names cells. */
  entry(id: string):
    | {
        record: { host: string; port: number };
        checks: { active: Pick<ActiveHealthCheck, 'expectedStatuses'> | null };
        /** Known only for targets of quota-aware upstreams (nothing else reads their headers). */
        quota?: QuotaState;
      }
    | undefined;
}

/**
 * Per-target series: gauges read from the targets' live states at scrape time (state, circuit, in-flight,
 * last probe), and counters fed by events (circuit opens) and the prober (probe results).
 * Targets are labelled `target="host:port"`, unique inside an upstream.
 */
export class TargetMetrics {
  readonly circuitOpens = new Counter(
    'headwater_circuit_opens_total',
    "Times a target's circuit opened (not counting trips suppressed by maxEjectionPct).",
    ['upstream', 'target'],
  );
  readonly credentialsRejections = new Counter(
    'headwater_target_credentials_rejections_total',
    "Times a target's own injected credentials were refused (401, 402 or 403) and it was taken out of rotation.",
    ['upstream', 'target', 'status'],
  );
  readonly probes = new Counter(
    'headwater_probe_results_total',
    'Active health-check probes by result (pass, http-failure, tcp-failure, timeout).',
    ['upstream', 'target', 'result'],
  );

  constructor(private readonly source: TargetSource) {}

  observeEvent(event: TargetEvent): void {
    if (event.flip.fact === 'circuit' && event.flip.to === 'open' && !event.flip.suppressed) {
      this.circuitOpens.inc({ upstream: event.upstream, target: event.target });
    }
    if (event.flip.fact === 'credentials' && event.flip.to === 'rejected') {
      const status = /\((\d{3})/.exec(event.flip.reason)?.[1] ?? 'unknown';
      this.credentialsRejections.inc({ upstream: event.upstream, target: event.target, status });
    }
  }

  observeProbe(upstream: string, targetId: string, verdict: ProbeVerdict): void {
    const entry = this.source.entry(targetId);
    const target = entry ? `${entry.record.host}:${entry.record.port}` : targetId;
    this.probes.inc({ upstream, target, result: verdict });
  }

  /** Same, from a raw probe result: the verdict follows the target's own expectedStatuses. */
  observeProbeResult(upstream: string, targetId: string, result: ProbeResult): void {
    const active = this.source.entry(targetId)?.checks.active;
    if (active) this.observeProbe(upstream, targetId, classifyProbe(result, active));
  }

  collect(): MetricFamily[] {
    const state: Sample[] = [];
    const circuit: Sample[] = [];
    const inFlight: Sample[] = [];
    const lastProbe: Sample[] = [];
    const quota: Sample[] = [];
    const grid = this.source.grid();
    for (const upstream of grid.upstreams) {
      for (const cell of upstream.targets) {
        const labels = { upstream: upstream.name, target: `${cell.host}:${cell.port}` };
        for (const value of displayStates) state.push({ labels: { ...labels, state: value }, value: cell.state === value ? 1 : 0 });
        for (const value of circuitStates) circuit.push({ labels: { ...labels, state: value }, value: cell.circuit === value ? 1 : 0 });
        inFlight.push({ labels, value: cell.inFlight });
        if (cell.lastProbeAt !== null) lastProbe.push({ labels, value: cell.lastProbeAt / 1000 });
        const budgets = this.source.entry(cell.id)?.quota;
        for (const budget of quotaDimensions) {
          const window = budgets?.[budget];
          if (window) quota.push({ labels: { ...labels, budget }, value: windowSharePct(window, grid.at) / 100 });
        }
      }
    }
    return [
      {
        name: 'headwater_target_state',
        help: 'Shown state of each target on this node (one-hot: healthy, unhealthy, draining, disabled).',
        type: 'gauge',
        samples: state,
      },
      {
        name: 'headwater_target_circuit_state',
        help: 'Circuit breaker state of each target (one-hot: closed, open, half-open).',
        type: 'gauge',
        samples: circuit,
      },
      {
        name: 'headwater_target_in_flight',
        help: 'Attempts in flight at each target (queued ones and open streams included).',
        type: 'gauge',
        samples: inFlight,
      },
      {
        name: 'headwater_target_last_probe_timestamp_seconds',
        help: 'Unix time of the last active probe of each probed target.',
        type: 'gauge',
        samples: lastProbe,
      },
      {
        name: 'headwater_target_quota_remaining_ratio',
        help: 'Share of each rate-limit budget (requests, tokens) a target has left, as its responses last said (quota-aware upstreams); 1 after the reset.',
        type: 'gauge',
        samples: quota,
      },
      this.circuitOpens.collect(),
      this.credentialsRejections.collect(),
      this.probes.collect(),
    ];
  }
}
