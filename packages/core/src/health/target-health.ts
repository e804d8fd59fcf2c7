import type { AdminState } from '../model/target.ts';
import type { TargetFacts } from './facts.ts';
import { initialFacts } from './facts.ts';
import type { Flip } from './flip.ts';
import type { RollingWindow } from './rolling-window.ts';
import { emptyWindow } from './rolling-window.ts';

/** The probes' own counters (Kong's rule). Only `observeProbe` and config changes touch them. */
export interface ActiveCounters {
  readonly successes: number;
  readonly httpFailures: number;
  readonly tcpFailures: number;
  readonly timeouts: number;
  /** Once Healthy, a return to Healthy needs `healthy.successes` passes; before, one pass is enough. */
  readonly everHealthy: boolean;
  /** When the last probe ended (epoch ms); null = never probed since checks (re)started. */
  readonly lastProbeAt: number | null;
}

/** Real traffic's counters for the circuit breaker. */
export interface CircuitCounters {
  readonly consecutiveFailures: number;
  readonly window: RollingWindow;
  /** Opens in a row; decays by one per baseEjectionMs spent closed. */
  readonly opensInRow: number;
  readonly openedAt: number | null;
  readonly closedAt: number | null;
  readonly halfOpenSuccesses: number;
  /** A trip was held back by the max ejection share; reported once per failure streak. */
  readonly tripSuppressed: boolean;
}

/** Everything the runtime keeps per target and node: the four facts plus each source's counters. */
export interface TargetHealth {
  readonly facts: TargetFacts;
  readonly active: ActiveCounters;
  readonly circuit: CircuitCounters;
  /** Deletion was asked while requests were in flight: removed when the drain ends. */
  readonly deleting: boolean;
}

/** What every reducer returns: the next state and one Flip per changed fact (empty = nothing to emit). */
export interface Observed {
  readonly state: TargetHealth;
  readonly flipped: readonly Flip[];
}

export const freshActiveCounters = (everHealthy = false): ActiveCounters => ({
  successes: 0,
  httpFailures: 0,
  tcpFailures: 0,
  timeouts: 0,
  everHealthy,
  lastProbeAt: null,
});

export const freshCircuitCounters = (windowMs = 10_000): CircuitCounters => ({
  consecutiveFailures: 0,
  window: emptyWindow(windowMs),
  opensInRow: 0,
  openedAt: null,
  closedAt: null,
  halfOpenSuccesses: 0,
  tripSuppressed: false,
});

/**
 * A new target: Healthy with slow start from `now`, or awaiting its first probe when
 * active checks are on (its slow start then runs from that first pass).
 *
 * A `known` target is one the config already had when the process started: a restart is
 * not a recovery, so it starts at full weight, and if it awaits its first probe that pass
 * does not start slow start either. (Otherwise every restart would ramp every target and,
 * through tier health, spill traffic to the backup tiers for a whole slow-start period.)
 */
export function initialHealth(admin: AdminState, activeChecksOn: boolean, now: number, known = false): TargetHealth {
  return {
    facts: { ...initialFacts(admin, activeChecksOn), recoveredAt: known ? null : now },
    active: freshActiveCounters(),
    circuit: freshCircuitCounters(),
    deleting: false,
  };
}

/** No flips: shared, as most observations change no fact (every successful request). */
export const NO_FLIPS: readonly Flip[] = Object.freeze([]);

export const unchanged = (state: TargetHealth): Observed => ({ state, flipped: NO_FLIPS });
