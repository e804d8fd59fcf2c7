import type { PassiveHealthCheck } from '../model/health-checks.ts';
import { cachedMatcher } from './active-checks.ts';
import type { EjectionBudget } from './circuit-breaker.ts';
import { observeCircuit } from './circuit-breaker.ts';
import type { RetryAfterHeaders } from './cooldown.ts';
import { startCooldown } from './cooldown.ts';
import type { Observed, TargetHealth } from './target-health.ts';
import { unchanged } from './target-health.ts';

/** How an attempt at a target ended, counted when the response ends. */
export type TrafficOutcome =
  | ({ readonly kind: 'response'; readonly status: number } & RetryAfterHeaders)
  | { readonly kind: 'connect-error' | 'reset' | 'timeout' | 'error-after-headers' }
  /** The caller went away, or a drain's deadline aborted the stream: counts as nothing. */
  | { readonly kind: 'caller-aborted' | 'drain-aborted' };

export type OutcomeVerdict = 'success' | 'failure' | 'rate-limited' | 'ignored';

/**
 * Failure: connect error, reset, timeout, an error after headers were sent, or a status in
 * `unhealthyStatuses`. A 429 is a cooldown and nothing else (it neither fails nor heals the
 * circuit), even if an operator lists 429 as unhealthy. Any other status is a success:
 * other 4xx are the caller's.
 */
export function classifyOutcome(outcome: TrafficOutcome, settings: Pick<PassiveHealthCheck, 'unhealthyStatuses'>): OutcomeVerdict {
  switch (outcome.kind) {
    case 'response':
      if (outcome.status === 429) return 'rate-limited';
      return cachedMatcher(settings.unhealthyStatuses)(outcome.status) ? 'failure' : 'success';
    case 'connect-error':
    case 'reset':
    case 'timeout':
    case 'error-after-headers':
      return 'failure';
    case 'caller-aborted':
    case 'drain-aborted':
      return 'ignored';
  }
}

/**
 * Passive health: one outcome of real traffic at a target. `budget` is the upstream's
 * current count of open/half-open circuits and its limit (see `maxEjections`).
 */
export function observeOutcome(
  health: TargetHealth,
  outcome: TrafficOutcome,
  settings: PassiveHealthCheck,
  budget: EjectionBudget,
  now: number,
): Observed {
  const verdict = classifyOutcome(outcome, settings);
  if (verdict === 'ignored') return unchanged(health);
  if (verdict === 'rate-limited') return startCooldown(health, outcome.kind === 'response' ? outcome : {}, now);
  return observeCircuit(health, verdict === 'failure', settings, budget, now);
}
