import type { AdminState } from '../model/target.ts';
import type { CredentialsFact } from './credentials.ts';
import { CREDENTIALS_ACCEPTED } from './credentials.ts';

// The spec's independent facts about a target: the four of "Health is four separate facts" and
// the fifth of AI-service upstreams, credentials. Each is changed only by its own source
// (operator, probes, real traffic, a 429, a refused key); nothing here encodes one fact in another.

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
  /** When a drain gives up and aborts what is left (epoch ms); null unless draining. */
  drainDeadline: number | null;
  /** The target's injected headers were refused (401, 402, 403): not a candidate until cleared. */
  credentials: CredentialsFact;
}

/** @deprecated for the runtime's store: use `initialHealth`, which also holds each source's counters. */
export function initialFacts(admin: AdminState, activeChecksOn: boolean): TargetFacts {
  return {
    admin,
    active: activeChecksOn ? 'awaiting' : 'off',
    activeReason: activeChecksOn ? 'awaiting first check' : '',
    circuit: 'closed',
    circuitOpenUntil: null,
    cooldownUntil: null,
    recoveredAt: null,
    drainDeadline: null,
    credentials: CREDENTIALS_ACCEPTED,
  };
}

/** The target refused its own credentials: no pick takes it, not even fail-open, until the fact clears. */
export function credentialsRejected(facts: TargetFacts): boolean {
  return facts.credentials.status === 'rejected';
}

export function isCoolingDown(facts: TargetFacts, now: number): boolean {
  return facts.cooldownUntil !== null && facts.cooldownUntil > now;
}

/**
 * The circuit as of `now`. An open circuit whose time is up is half-open even before the
 * runtime's timer has run `advanceTimers`, so eligibility never waits on a timer.
 */
export function circuitAt(facts: TargetFacts, now: number): CircuitStatus {
  if (facts.circuit === 'open' && facts.circuitOpenUntil !== null && facts.circuitOpenUntil <= now) return 'half-open';
  return facts.circuit;
}

/** The last recovery as of `now`: a cooldown that has run out recovered at its end, timer or not. */
export function lastRecoveryAt(facts: TargetFacts, now: number): number | null {
  const cooldownEnd = facts.cooldownUntil !== null && facts.cooldownUntil <= now ? facts.cooldownUntil : null;
  if (cooldownEnd === null) return facts.recoveredAt;
  return facts.recoveredAt === null ? cooldownEnd : Math.max(facts.recoveredAt, cooldownEnd);
}

/**
 * Health part of eligibility: admin enabled ∧ active ∈ {healthy, off} ∧ circuit ≠ open ∧ no
 * cooldown ∧ credentials accepted (weight is the balancer's).
 */
export function isHealthyEnough(facts: TargetFacts, now: number): boolean {
  return (
    facts.admin === 'enabled' &&
    !credentialsRejected(facts) &&
    (facts.active === 'healthy' || facts.active === 'off') &&
    circuitAt(facts, now) !== 'open' &&
    !isCoolingDown(facts, now)
  );
}

/** Eligible = admin enabled ∧ active ∈ {healthy, off} ∧ circuit ≠ open ∧ no cooldown ∧ credentials accepted ∧ weight > 0. */
export function isEligible(facts: TargetFacts, weight: number, now: number): boolean {
  return weight > 0 && isHealthyEnough(facts, now);
}
