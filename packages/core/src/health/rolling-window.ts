// Outcomes over the last `windowMs`, kept in ten buckets of windowMs/10 each, so the error
// rate forgets old traffic smoothly (at most one bucket too much) at a fixed, small cost.

export const WINDOW_BUCKETS = 10;

export interface RollingWindow {
  readonly bucketMs: number;
  /** Absolute bucket number held by each slot; -1 = empty. */
  readonly epochs: readonly number[];
  readonly successes: readonly number[];
  readonly failures: readonly number[];
}

export function emptyWindow(windowMs: number): RollingWindow {
  const zeros = new Array<number>(WINDOW_BUCKETS).fill(0);
  return {
    bucketMs: Math.max(1, windowMs / WINDOW_BUCKETS),
    epochs: new Array<number>(WINDOW_BUCKETS).fill(-1),
    successes: zeros,
    failures: zeros,
  };
}

export function recordOutcome(window: RollingWindow, failed: boolean, windowMs: number, now: number): RollingWindow {
  // A changed windowMs starts a fresh window: old buckets would be misread otherwise.
  const current = window.bucketMs === Math.max(1, windowMs / WINDOW_BUCKETS) ? window : emptyWindow(windowMs);
  const epoch = Math.floor(now / current.bucketMs);
  const slot = epoch % WINDOW_BUCKETS;
  const epochs = current.epochs.slice();
  const successes = current.successes.slice();
  const failures = current.failures.slice();
  if (epochs[slot] !== epoch) {
    epochs[slot] = epoch;
    successes[slot] = 0;
    failures[slot] = 0;
  }
  if (failed) failures[slot]! += 1;
  else successes[slot]! += 1;
  return { bucketMs: current.bucketMs, epochs, successes, failures };
}

export function windowTotals(window: RollingWindow, now: number): { total: number; failed: number } {
  const epoch = Math.floor(now / window.bucketMs);
  let total = 0;
  let failed = 0;
  for (let slot = 0; slot < WINDOW_BUCKETS; slot++) {
    const at = window.epochs[slot]!;
    if (at < 0 || at <= epoch - WINDOW_BUCKETS || at > epoch) continue;
    total += window.successes[slot]! + window.failures[slot]!;
    failed += window.failures[slot]!;
  }
  return { total, failed };
}
