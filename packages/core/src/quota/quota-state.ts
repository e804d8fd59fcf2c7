import type { LimitReading, QuotaDimension, RateLimitReport } from './rate-limit-headers.ts';
import { quotaDimensions } from './rate-limit-headers.ts';

/** Below this share of a budget, the target's weight is lowered (the spec's 20 %). */
export const QUOTA_LOW_PCT = 20;
/** The lowest weight factor an exhausted budget gives (the spec's 0.05). */
export const QUOTA_MIN_FACTOR = 0.05;
/** A remaining count sent without a reset time is taken to hold for this long: per-minute limits are the rule. */
export const DEFAULT_QUOTA_WINDOW_MS = 60_000;

/**
 * One budget of a target as its responses last told it, until `resetAt`: its window. Within
 * a window `limit` is fixed and `remaining` only falls, whatever order responses come back in.
 */
export interface QuotaWindow {
  readonly remaining: number;
  /** null when the service sends no limit: then only an empty budget (remaining 0) is known to be low. */
  readonly limit: number | null;
  /** Epoch ms when the budget is full again; from then on it counts as full (share 1). */
  readonly resetAt: number;
}

/** A target's budgets of requests and tokens; null = nothing known (full). Kept by the runtime, per target and node. */
export type QuotaState = Readonly<Record<QuotaDimension, QuotaWindow | null>>;

export const EMPTY_QUOTA: QuotaState = { requests: null, tokens: null };

/**
 * One response's rate-limit report. Returns `state` itself when nothing changed, so the caller
 * can skip the balancer's rebuild. Per dimension:
 * - no remaining count, or a reset already past: nothing changes;
 * - no current window (none, or its reset has passed) or a different limit (another budget:
 *   a new key, another tier): the report opens a new window;
 * - otherwise the report falls in the current window: a lower or equal remaining replaces it
 *   and the window ends at the later of the two resets; a higher remaining is a response that
 *   left the service before the ones already seen (or a refill the service will confirm after
 *   the reset) and changes nothing, so the factor never rises before the known reset.
 */
export function observeQuota(state: QuotaState, report: RateLimitReport, now: number): QuotaState {
  const requests = observeWindow(state.requests, report.requests, now);
  const tokens = observeWindow(state.tokens, report.tokens, now);
  return requests === state.requests && tokens === state.tokens ? state : { requests, tokens };
}

function observeWindow(known: QuotaWindow | null, reading: LimitReading | null, now: number): QuotaWindow | null {
  if (reading === null || reading.remaining === null) return known;
  const resetAt = reading.resetAt ?? now + DEFAULT_QUOTA_WINDOW_MS;
  if (resetAt <= now) return known;
  const current = known !== null && known.resetAt > now ? known : null;
  if (current === null || current.limit !== reading.limit) return { remaining: reading.remaining, limit: reading.limit, resetAt };
  if (reading.remaining > current.remaining) return known;
  const later = Math.max(current.resetAt, resetAt);
  if (reading.remaining === current.remaining && later === current.resetAt) return known;
  return { remaining: reading.remaining, limit: current.limit, resetAt: later };
}

/** A window's remaining share in whole percent, rounded down (0–100); 100 when it has reset or is unknown. */
export function windowSharePct(window: QuotaWindow | null, now: number): number {
  if (window === null || window.resetAt <= now) return 100;
  if (window.limit === null) return window.remaining === 0 ? 0 : 100;
  // Whole numbers in, so the one division is exact enough for floor (no 0.29 × 100 = 28.999…).
  return Math.floor((window.remaining * 100) / window.limit);
}

/** The budget that holds the target back most as of `now`, or null when every budget is full or unknown. */
export interface LowestQuota {
  readonly dimension: QuotaDimension;
  /** Remaining share in whole percent, rounded down. */
  readonly sharePct: number;
  readonly resetAt: number;
}

/** The lowest current budget; of two equally low, the one that resets last (it decides when the factor returns). */
export function lowestQuota(state: QuotaState, now: number): LowestQuota | null {
  let lowest: LowestQuota | null = null;
  for (const dimension of quotaDimensions) {
    const window = state[dimension];
    const sharePct = windowSharePct(window, now);
    if (window === null || sharePct >= 100) continue;
    if (lowest === null || sharePct < lowest.sharePct || (sharePct === lowest.sharePct && window.resetAt > lowest.resetAt)) {
      lowest = { dimension, sharePct, resetAt: window.resetAt };
    }
  }
  return lowest;
}

/**
 * The factor on the target's effective weight: max(0.05, share ÷ 0.2) while its lowest
 * current share is under 20 %, else 1. The share is taken in whole percent (rounded down, as
 * the grid shows it), so the factor moves in 20 steps and the balancer rebuilds at most that
 * often per window. Always in [0.05, 1].
 */
export function quotaWeightFactor(state: QuotaState, now: number): number {
  const lowest = lowestQuota(state, now);
  if (lowest === null || lowest.sharePct >= QUOTA_LOW_PCT) return 1;
  return Math.max(QUOTA_MIN_FACTOR, lowest.sharePct / QUOTA_LOW_PCT);
}

/** The next time the factor rises by itself (a low budget resets), or null: a cached balancer view must be rebuilt then. */
export function nextQuotaReset(state: QuotaState, now: number): number | null {
  let next: number | null = null;
  for (const dimension of quotaDimensions) {
    const window = state[dimension];
    if (window === null || windowSharePct(window, now) >= QUOTA_LOW_PCT) continue;
    if (next === null || window.resetAt < next) next = window.resetAt;
  }
  return next;
}
