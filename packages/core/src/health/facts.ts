import type { AdminState } from '../model/target.ts';

// The spec's four independent facts about a target. Each is changed only by its own source
// (operator, probes, real traffic, a 429); nothing here encodes one fact in another.

export type ActiveStatus = 'off' | 'awaiting' | 'healthy' | 'unhealthy';
export type CircuitStatus = 'closed' | 'open' | 'half-open';

export interface TargetFacts {
  admin: AdminState;
  active: ActiveStatus;
  /** Why active is what it is, e.g. "3 timeouts"; empty when off. */
  activeReason: string;
  circuit: CircuitStatus;
  /** When an open circuit half-opens (epoch ms); null unless open. */
  circuitOpenUntil: number | null;
  /** End of a 429 cooldown (epoch ms); null when none. */
  cooldownUntil: number | null;
  /** Last recovery of any fact (probe, circuit, cooldown, re-enable, weight from 0): slow start runs from here. */
  recoveredAt: number | null;
}

export function initialFacts(admin: AdminState, activeChecksOn: boolean): TargetFacts {
  return {
    admin,
    active: activeChecksOn ? 'awaiting' : 'off',
    activeReason: activeChecksOn ? 'awaiting first check' : '',
    circuit: 'closed',
    circuitOpenUntil: null,
    cooldownUntil: null,
    recoveredAt: null,
  };
}

export function isCoolingDown(facts: TargetFacts, now: number): boolean {
  return facts.cooldownUntil !== null && facts.cooldownUntil > now;
}

/** Eligible = admin enabled ∧ active ∈ {healthy, off} ∧ circuit ≠ open ∧ no cooldown (weight is the balancer's). */
export function isHealthyEnough(facts: TargetFacts, now: number): boolean {
  return (
    facts.admin === 'enabled' &&
    (facts.active === 'healthy' || facts.active === 'off') &&
    facts.circuit !== 'open' &&
    !isCoolingDown(facts, now)
  );
}
