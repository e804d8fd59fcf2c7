import type { AdminState } from '../model/target.ts';
import type { Flip } from '../health/flip.ts';
import { flip } from '../health/flip.ts';
import type { Observed, TargetHealth } from '../health/target-health.ts';
import { freshActiveCounters, unchanged } from '../health/target-health.ts';

export interface AdminContext {
  readonly activeChecksOn: boolean;
  readonly drainTimeoutMs: number;
  /** Attempts at this target in flight on this node now. */
  readonly inFlight: number;
  readonly by?: string;
}

export interface DrainProgress extends Observed {
  /** The drain deadline passed: abort what is still in flight (logged, not counted as failures). */
  readonly abortInFlight: boolean;
  /** A deletion waited for this drain: the target can go now. */
  readonly remove: boolean;
}

/**
 * An operator sets enabled / draining / disabled.
 * - draining: no new requests; ends at zero in-flight (→ disabled) or at the deadline;
 * - enabled: slow start from now; coming back from disabled with active checks on, the
 *   target awaits its first check again (the spec's "new or re-enabled target"), probed at once;
 * - disabled: no new requests; what is in flight goes on.
 */
export function setAdminState(health: TargetHealth, to: AdminState, context: AdminContext, now: number): Observed {
  const facts = health.facts;
  if (facts.admin === to) return unchanged(health);
  const by = context.by ?? 'operator';
  const flipped: Flip[] = [flip('admin', facts.admin, to, `set by ${by}`, now)];
  if (to === 'draining') {
    const state: TargetHealth = { ...health, facts: { ...facts, admin: 'draining', drainDeadline: now + context.drainTimeoutMs } };
    const drained = progressDrain(state, context.inFlight, now);
    return { state: drained.state, flipped: [...flipped, ...drained.flipped] };
  }
  if (to === 'disabled') {
    return { state: { ...health, facts: { ...facts, admin: 'disabled', drainDeadline: null } }, flipped };
  }
  let next: TargetHealth = { ...health, deleting: false, facts: { ...facts, admin: 'enabled', drainDeadline: null, recoveredAt: now } };
  if (facts.admin === 'disabled' && context.activeChecksOn && facts.active !== 'off') {
    next = {
      ...next,
      facts: { ...next.facts, active: 'awaiting', activeReason: 'awaiting first check' },
      active: freshActiveCounters(health.active.everHealthy),
    };
    if (facts.active !== 'awaiting') flipped.push(flip('active', facts.active, 'awaiting', 're-enabled: awaiting first check', now));
  }
  return { state: next, flipped };
}

/** Call when in-flight changes on a draining target and at its deadline. */
export function progressDrain(health: TargetHealth, inFlight: number, now: number): DrainProgress {
  const facts = health.facts;
  if (facts.admin !== 'draining') {
    return { ...unchanged(health), abortInFlight: false, remove: health.deleting && facts.admin === 'disabled' && inFlight === 0 };
  }
  const timedOut = facts.drainDeadline !== null && now >= facts.drainDeadline && inFlight > 0;
  if (inFlight > 0 && !timedOut) return { ...unchanged(health), abortInFlight: false, remove: false };
  const reason = timedOut ? `drain timeout: ${inFlight} in flight aborted` : 'drained: nothing in flight';
  return {
    state: { ...health, facts: { ...facts, admin: 'disabled', drainDeadline: null } },
    flipped: [flip('admin', 'draining', 'disabled', reason, now)],
    abortInFlight: timedOut,
    remove: health.deleting,
  };
}

/** Deleting a target with requests in flight drains it first; `remove` says it can go now. */
export function requestDeletion(health: TargetHealth, context: AdminContext, now: number): DrainProgress {
  if (context.inFlight === 0) return { ...unchanged(health), abortInFlight: false, remove: true };
  const marked: TargetHealth = { ...health, deleting: true };
  if (health.facts.admin === 'draining') return { ...unchanged(marked), abortInFlight: false, remove: false };
  const drained = setAdminState(marked, 'draining', { ...context, by: context.by ?? 'deletion' }, now);
  return { ...drained, abortInFlight: false, remove: false };
}
