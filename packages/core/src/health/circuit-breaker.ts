import type { PassiveHealthCheck } from '../model/health-checks.ts';
import { circuitAt } from './facts.ts';
import type { Flip } from './flip.ts';
import { flip } from './flip.ts';
import { emptyWindow, type RollingWindow, recordOutcome, windowTotals } from './rolling-window.ts';
import type { CircuitCounters, Observed, TargetHealth } from './target-health.ts';
import { freshCircuitCounters, NO_FLIPS, unchanged } from './target-health.ts';

export type CircuitSettings = Pick<
  PassiveHealthCheck,
  'consecutiveFailures' | 'errorRatePct' | 'windowMs' | 'minRequests' | 'baseEjectionMs' | 'maxEjectionMs' | 'halfOpenRequests'
>;

/** How many circuits of the upstream are open or half-open now, and how many may be. */
export interface EjectionBudget {
  readonly ejected: number;
  readonly limit: number;
}

/** max(1, floor(N × pct ÷ 100)), N = enabled targets with weight > 0. */
export function maxEjections(enabledWithWeight: number, maxEjectionPct: number): number {
  return Math.max(1, Math.floor((enabledWithWeight * maxEjectionPct) / 100));
}

/** Opens in a row after the decay: one less per baseEjectionMs spent closed. */
export function decayedOpens(counters: CircuitCounters, baseEjectionMs: number, now: number): number {
  if (counters.closedAt === null || counters.opensInRow === 0) return counters.opensInRow;
  return Math.max(0, counters.opensInRow - Math.floor((now - counters.closedAt) / baseEjectionMs));
}

const seconds = (ms: number) => `${Math.round(ms / 1_000)} s`;

function open(health: TargetHealth, opens: number, settings: CircuitSettings, why: string, now: number): Observed {
  const durationMs = Math.min(settings.maxEjectionMs, settings.baseEjectionMs * opens);
  const from = circuitAt(health.facts, now);
  const circuit: CircuitCounters = {
    ...freshCircuitCounters(settings.windowMs),
    opensInRow: opens,
    openedAt: now,
    closedAt: health.circuit.closedAt,
  };
  return {
    state: { ...health, facts: { ...health.facts, circuit: 'open', circuitOpenUntil: now + durationMs }, circuit },
    flipped: [flip('circuit', from, 'open', `${why}; open ${seconds(durationMs)}`, now)],
  };
}

/** Why a closed circuit should trip after this failure, or null. */
function tripReason(counters: CircuitCounters, settings: CircuitSettings, now: number): string | null {
  if (counters.consecutiveFailures >= settings.consecutiveFailures) return `${counters.consecutiveFailures} consecutive failures`;
  const { total, failed } = windowTotals(counters.window, now);
  if (total >= settings.minRequests && failed * 100 >= settings.errorRatePct * total) {
    return `error rate ${Math.round((failed * 100) / total)}% over ${total} requests in ${seconds(settings.windowMs)}`;
  }
  return null;
}

/**
 * A success while closed, the outcome of nearly every request: the window and the streak
 * change, no fact, no flip. Written out field by field rather than spread: V8 makes an object
 * spread with an override (`{ ...counters, window }`) an order of magnitude slower than a literal.
 */
function succeeded(health: TargetHealth, window: RollingWindow): TargetHealth {
  const counters = health.circuit;
  const circuit: CircuitCounters = {
    consecutiveFailures: 0,
    window,
    opensInRow: counters.opensInRow,
    openedAt: counters.openedAt,
    closedAt: counters.closedAt,
    halfOpenSuccesses: counters.halfOpenSuccesses,
    tripSuppressed: false,
  };
  return { facts: health.facts, active: health.active, circuit, deleting: health.deleting };
}

/**
 * One outcome of real traffic for the circuit (429s and callers who left never get here).
 * Closed: count; trip at `consecutiveFailures` or at `errorRatePct` over the window with
 * `minRequests`, unless the max ejection share is reached (then the trip is reported as
 * suppressed, once per failure streak). Half-open: `halfOpenRequests` successes close it
 * (slow start follows), any failure reopens it for longer. Open: outcomes of requests that
 * started before the trip are ignored.
 */
export function observeCircuit(
  health: TargetHealth,
  failed: boolean,
  settings: CircuitSettings,
  budget: EjectionBudget,
  now: number,
): Observed {
  const status = circuitAt(health.facts, now);
  const counters = health.circuit;
  if (status === 'open') return unchanged(health);

  if (status === 'half-open') {
    const from = health.facts.circuit === 'open' ? settled(health, now) : { state: health, flipped: [] as Flip[] };
    if (failed) {
      const reopened = open(from.state, counters.opensInRow + 1, settings, 'trial request failed', now);
      return { state: reopened.state, flipped: [...from.flipped, ...reopened.flipped] };
    }
    const successes = counters.halfOpenSuccesses + 1;
    if (successes < settings.halfOpenRequests) {
      return { state: { ...from.state, circuit: { ...from.state.circuit, halfOpenSuccesses: successes } }, flipped: from.flipped };
    }
    const circuit: CircuitCounters = { ...freshCircuitCounters(settings.windowMs), opensInRow: counters.opensInRow, closedAt: now };
    return {
      state: { ...from.state, facts: { ...from.state.facts, circuit: 'closed', circuitOpenUntil: null, recoveredAt: now }, circuit },
      flipped: [...from.flipped, flip('circuit', 'half-open', 'closed', `${successes} trial requests succeeded`, now)],
    };
  }

  const window = recordOutcome(counters.window, failed, settings.windowMs, now);
  if (!failed) return { state: succeeded(health, window), flipped: NO_FLIPS };
  const next: CircuitCounters = { ...counters, window, consecutiveFailures: counters.consecutiveFailures + 1 };
  const why = tripReason(next, settings, now);
  if (why === null) return { state: { ...health, circuit: next }, flipped: NO_FLIPS };
  if (budget.ejected >= budget.limit) {
    const state = { ...health, circuit: { ...next, tripSuppressed: true } };
    if (counters.tripSuppressed) return { state, flipped: [] };
    const reason = `${why}; not opened: max ejection share reached (${budget.ejected} of ${budget.limit})`;
    return { state, flipped: [{ ...flip('circuit', 'closed', 'closed', reason, now), suppressed: true }] };
  }
  return open(health, decayedOpens(counters, settings.baseEjectionMs, now) + 1, settings, why, now);
}

/** Applies the open circuit's own timer: at `circuitOpenUntil` it half-opens for trial requests. */
export function settled(health: TargetHealth, now: number): Observed {
  const until = health.facts.circuitOpenUntil;
  if (health.facts.circuit !== 'open' || until === null || until > now) return unchanged(health);
  return {
    state: {
      ...health,
      facts: { ...health.facts, circuit: 'half-open', circuitOpenUntil: null },
      circuit: { ...health.circuit, halfOpenSuccesses: 0 },
    },
    flipped: [flip('circuit', 'open', 'half-open', 'ejection time over: trial requests', until)],
  };
}

/** "Reset circuit" from the console: closed, counters and the opens-in-a-row multiplier cleared, slow start. */
export function resetCircuit(health: TargetHealth, now: number, by = 'operator'): Observed {
  const from = health.facts.circuit;
  const circuit = { ...freshCircuitCounters(), window: emptyWindow(health.circuit.window.bucketMs * 10), closedAt: now };
  if (from === 'closed') return { state: { ...health, circuit }, flipped: [] };
  return {
    state: { ...health, facts: { ...health.facts, circuit: 'closed', circuitOpenUntil: null, recoveredAt: now }, circuit },
    flipped: [flip('circuit', circuitAt(health.facts, now), 'closed', `reset by ${by}`, now)],
  };
}
