import type { HeaderSource } from './rate-limit-headers.ts';
import { NO_RATE_LIMITS, parseRateLimitHeaders } from './rate-limit-headers.ts';
import type { QuotaState } from './quota-state.ts';
import { nextQuotaReset, observeQuota, quotaWeightFactor } from './quota-state.ts';

/** What one response did to a target's budgets. */
export interface QuotaObserved {
  /** The same object as before when the response said nothing new. */
  readonly state: QuotaState;
  /**
   * The weight factor or the time it next rises changed: the live store must move its revision
   * so balancers rebuild their eligibility view. False for most responses (the factor moves in
   * whole percent below 20 %), so a busy target does not rebuild the view on every response.
   */
  readonly reweighted: boolean;
}

/**
 * The runtime's one call per response of a target: reads the rate-limit headers (OpenAI/Azure
 * `x-ratelimit-*`, Anthropic `anthropic-ratelimit-*`) and folds them into the target's budgets.
 */
export function observeTargetQuota(state: QuotaState, headers: HeaderSource, now: number): QuotaObserved {
  const report = parseRateLimitHeaders(headers, now);
  if (report === NO_RATE_LIMITS) return { state, reweighted: false };
  const next = observeQuota(state, report, now);
  if (next === state) return { state, reweighted: false };
  const reweighted =
    quotaWeightFactor(next, now) !== quotaWeightFactor(state, now) || nextQuotaReset(next, now) !== nextQuotaReset(state, now);
  return { state: next, reweighted };
}
