import {
  classifyProbe,
  displayStates,
  type ActiveHealthCheck,
  type CircuitStatus,
  type ProbeResult,
  type ProbeVerdict,
} from '@headwater/core';
import type { GridSnapshot } from '../state/grid.ts';
import type { TargetEvent } from '../state/target-states.ts';
import { Counter } from './counter.ts';
import type { MetricFamily, Sample } from './exposition.ts';

const circuitStates: readonly CircuitStatus[] = ['closed', 'open', 'half-open'];

export interface TargetSource {
  grid(): GridSnapshot;
  /** host:port of a live target, to label series the way the grid names cells. */
  entry(
    id: string,
  ): { record: { host: string; port: number }; checks: { active: Pick<ActiveHealthCheck, 'expectedStatuses'> | null } } | undefined;
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
    for (const upstream of this.source.grid().upstreams) {
      for (const cell of upstream.targets) {
        const labels = { upstream: upstream.name, target: `${cell.host}:${cell.port}` };
        for (const value of displayStates) state.push({ labels: { ...labels, state: value }, value: cell.state === value ? 1 : 0 });
        for (const value of circuitStates) circuit.push({ labels: { ...labels, state: value }, value: cell.circuit === value ? 1 : 0 });
        inFlight.push({ labels, value: cell.inFlight });
        if (cell.lastProbeAt !== null) lastProbe.push({ labels, value: cell.lastProbeAt / 1000 });
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
      this.circuitOpens.collect(),
      this.probes.collect(),
    ];
  }
}
