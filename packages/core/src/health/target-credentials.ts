import type { CredentialsClearing } from './credentials.ts';
import { clearCredentials, observeCredentials } from './credentials.ts';
import type { Observed, TargetHealth } from './target-health.ts';
import { unchanged } from './target-health.ts';

// The credentials fact applied to a target's whole live state, as the runtime's store keeps it.

/**
 * One response from the target: a 401, 402 or 403 to a request that carried the target's
 * injected headers sets `credentials: rejected` (one flip); anything else changes nothing.
 */
export function observeTargetCredentials(health: TargetHealth, status: number, carriedInjectedHeaders: boolean, now: number): Observed {
  const { fact, flipped } = observeCredentials(health.facts.credentials, status, carriedInjectedHeaders, now);
  if (flipped.length === 0) return unchanged(health);
  return { state: { ...health, facts: { ...health.facts, credentials: fact } }, flipped };
}

/**
 * Ends a rejection by one of the spec's ways (a change of the target's config, an operator, an
 * active check that passed with the same headers). Like any recovery it starts slow start.
 */
export function clearTargetCredentials(health: TargetHealth, clearing: CredentialsClearing, now: number): Observed {
  const { fact, flipped } = clearCredentials(health.facts.credentials, clearing, now);
  if (flipped.length === 0) return unchanged(health);
  return { state: { ...health, facts: { ...health.facts, credentials: fact, recoveredAt: now } }, flipped };
}
