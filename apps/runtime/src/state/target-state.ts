import type { AdminState, Clock, EffectiveHealthChecks, Flip, PeakEwma, QuotaState, TargetHealth } from '@headwater/core';
import type { TargetRecord } from '../config/records.ts';
import type { ProxyLookup } from './proxy-states.ts';
import type { TrafficLookup } from './traffic-stats.ts';

/** An attempt in flight at a target, which the end of a drain may cut short. */
export interface InFlightAttempt {
  abortForDrain(): void;
}

/** One target's live state on this node, kept by TargetStates and read by the grid and the probe scheduler. */
export interface TargetState {
  readonly id: string;
  upstream: string;
  record: TargetRecord;
  checks: EffectiveHealthChecks;
  drainTimeoutMs: number;
  /** The admin state the config last said: an operator's change is a change of this. */
  configAdmin: AdminState;
  health: TargetHealth;
  inFlight: number;
  latency: PeakEwma | null;
  /** The rate-limit budgets its responses last reported (quota-aware upstreams only); EMPTY_QUOTA = nothing known. */
  quota: QuotaState;
  /**
   * An active probe carrying the target's key was refused (401/402/403) once: its path checks
   * the key, so from then on a pass proves the key works. Kept until the probe or the target changes.
   */
  probeChecksKey: boolean;
  /** The attempts in flight at this target, cut short if a drain's deadline passes. */
  readonly attempts: Set<InFlightAttempt>;
  timer: NodeJS.Timeout | undefined;
  /** Gone from the config while requests were in flight: removed when its drain ends. */
  removed: boolean;
}

/** One change of one fact of one target, as the event log and the metrics receive it. */
export interface TargetEvent {
  readonly node: string;
  readonly upstream: string;
  readonly targetId: string;
  readonly target: string; // host:port
  readonly flip: Flip;
}

export interface TargetStatesOptions {
  /** This node's name, on every event and on the grid. */
  readonly node: string;
  readonly clock: Clock;
  /** Each upstream's proxy state, shown in the grid beside its targets. */
  readonly proxies: ProxyLookup;
  /** Each target's last 60 s of traffic (TrafficStats), shown in its cell. */
  readonly traffic: TrafficLookup;
}
