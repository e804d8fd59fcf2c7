/** At least this many concurrent retries are always allowed, so a small upstream can still fail over. */
export const MIN_CONCURRENT_RETRIES = 3;

/**
 * May one more retry start? Retries in flight must stay under `retryBudgetPct` of the
 * upstream's active requests, with at least 3 concurrent retries always allowed, so a
 * failing upstream sees at most (1 + pct) × its normal load instead of (1 + retries) ×.
 */
export function retryAllowed(retriesInFlight: number, activeRequests: number, retryBudgetPct: number): boolean {
  return retriesInFlight < Math.max(MIN_CONCURRENT_RETRIES, (activeRequests * retryBudgetPct) / 100);
}
