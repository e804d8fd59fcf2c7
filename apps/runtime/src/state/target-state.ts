import type { AdminState, EffectiveHealthChecks, PeakEwma, TargetHealth } from '@headwater/core';
import type { TargetRecord } from '../config/records.ts';

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
  /** The attempts in flight at this target, cut short if a drain's deadline passes. */
  readonly attempts: Set<InFlightAttempt>;
  timer: NodeJS.Timeout | undefined;
  /** Gone from the config while requests were in flight: removed when its drain ends. */
  removed: boolean;
}
