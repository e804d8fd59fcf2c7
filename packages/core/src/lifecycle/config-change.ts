import { flip } from '../health/flip.ts';
import type { Flip } from '../health/flip.ts';
import type { Observed, TargetHealth } from '../health/target-health.ts';
import { freshActiveCounters } from '../health/target-health.ts';
import { clearTargetCredentials } from '../health/target-credentials.ts';

/** What changed in an edit that kept the target's identity (host, port, protocol, proxy). */
export interface ConfigChange {
  readonly weightBefore: number;
  readonly weightAfter: number;
  /** Active checks on for this target after the edit (upstream block or per-target override). */
  readonly activeChecksOn: boolean;
  /** The probe's type or path changed: only the active counters reset. */
  readonly probeChanged: boolean;
  /**
   * Any of the target's own stored settings changed in this edit (its injected headers above
   * all): the one config change that ends a credentials rejection. Absent = false.
   */
  readonly targetChanged?: boolean | undefined;
}

/**
 * A target keeps its facts and counters through an edit; new thresholds simply apply from
 * the next observation. Raising the weight from 0 starts slow start; turning checks on
 * makes the target await its first check; turning them off sets active to off. A changed
 * target ends a credentials rejection (the operator replaced the key, or meant to retry it).
 */
export function applyConfigChange(health: TargetHealth, change: ConfigChange, now: number): Observed {
  let next = health;
  const flipped: Flip[] = [];
  if (change.targetChanged) {
    const cleared = clearTargetCredentials(next, { kind: 'config-change' }, now);
    next = cleared.state;
    flipped.push(...cleared.flipped);
  }
  if (change.weightBefore === 0 && change.weightAfter > 0) next = { ...next, facts: { ...next.facts, recoveredAt: now } };
  const { active } = next.facts;
  if (change.activeChecksOn && active === 'off') {
    next = { ...next, facts: { ...next.facts, active: 'awaiting', activeReason: 'awaiting first check' }, active: freshActiveCounters() };
    flipped.push(flip('active', 'off', 'awaiting', 'active checks turned on', now));
  } else if (!change.activeChecksOn && active !== 'off') {
    next = { ...next, facts: { ...next.facts, active: 'off', activeReason: '' }, active: freshActiveCounters() };
    flipped.push(flip('active', active, 'off', 'active checks turned off', now));
  } else if (change.probeChanged && active !== 'off') {
    next = { ...next, active: { ...freshActiveCounters(next.active.everHealthy), lastProbeAt: null } };
  }
  return { state: next, flipped };
}
