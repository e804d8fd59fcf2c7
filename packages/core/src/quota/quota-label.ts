import type { QuotaState } from './quota-state.ts';
import { QUOTA_LOW_PCT, lowestQuota } from './quota-state.ts';

/**
 * How long until a reset, as the grid prints it, always rounded up (as "rate limited 4 s" is):
 * "12 s" under a minute, "6 min" under an hour, "2 h" beyond.
 */
export function resetsIn(ms: number): string {
  const seconds = Math.max(1, Math.ceil(ms / 1_000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.ceil(minutes / 60)} h`;
}

/**
 * The grid's reason while a low budget lowers the target's weight, e.g. "quota 7 % · resets
 * in 12 s" (the lowest budget, in whole percent rounded down as the factor takes it); null while
 * the factor is 1.
 */
export function quotaLabel(state: QuotaState, now: number): string | null {
  const lowest = lowestQuota(state, now);
  if (lowest === null || lowest.sharePct >= QUOTA_LOW_PCT) return null;
  return `quota ${lowest.sharePct} % · resets in ${resetsIn(lowest.resetAt - now)}`;
}
