// Outcomes over the last `windowMs`, kept in ten buckets of windowMs/10 each, so the error
// rate forgets old traffic smoothly (at most one bucket too much) at a fixed, small cost.
//
// Every outcome of real traffic passes through here, so the window is shaped for that: the
// bucket being filled is three plain fields, and an outcome in it makes one small object;
// the closed buckets are an array shared by every state until the next bucket starts (once
// per windowMs/10), when it is rebuilt. (Three arrays copied per outcome was the passive
// checks' main cost.)

export const WINDOW_BUCKETS = 10;

/** One bucket: its absolute number (floor(now / bucketMs)) and what it counted. */
export interface WindowBucket {
  readonly epoch: number;
  readonly successes: number;
  readonly failures: number;
}

/** The bucket being filled is the window's own epoch and counts (epoch -1 = none yet). */
export interface RollingWindow extends WindowBucket {
  readonly bucketMs: number;
  /** Closed buckets still inside the window, newest first (at most WINDOW_BUCKETS - 1). */
  readonly past: readonly WindowBucket[];
}

const NO_PAST: readonly WindowBucket[] = [];

export function emptyWindow(windowMs: number): RollingWindow {
  return { bucketMs: Math.max(1, windowMs / WINDOW_BUCKETS), epoch: -1, successes: 0, failures: 0, past: NO_PAST };
}

const inWindow = (bucket: WindowBucket, epoch: number) =>
  bucket.epoch >= 0 && bucket.epoch > epoch - WINDOW_BUCKETS && bucket.epoch <= epoch;

/** A new bucket starts: the one being filled joins the closed ones; what left the window is dropped. */
function startBucket(window: RollingWindow, epoch: number): RollingWindow {
  let current: WindowBucket = { epoch, successes: 0, failures: 0 };
  const past: WindowBucket[] = [];
  const filled: WindowBucket = { epoch: window.epoch, successes: window.successes, failures: window.failures };
  for (const bucket of [filled, ...window.past]) {
    // A clock stepped back into a bucket still kept: go on counting in it.
    if (bucket.epoch === epoch) current = bucket;
    else if (inWindow(bucket, epoch)) past.push(bucket);
  }
  const { successes, failures } = current;
  return { bucketMs: window.bucketMs, epoch, successes, failures, past: past.length === 0 ? NO_PAST : past };
}

export function recordOutcome(window: RollingWindow, failed: boolean, windowMs: number, now: number): RollingWindow {
  // A changed windowMs starts a fresh window: old buckets would be misread otherwise.
  const fresh = window.bucketMs === Math.max(1, windowMs / WINDOW_BUCKETS) ? window : emptyWindow(windowMs);
  const epoch = Math.floor(now / fresh.bucketMs);
  const at = fresh.epoch === epoch ? fresh : startBucket(fresh, epoch);
  return {
    bucketMs: at.bucketMs,
    epoch,
    successes: failed ? at.successes : at.successes + 1,
    failures: failed ? at.failures + 1 : at.failures,
    past: at.past,
  };
}

export function windowTotals(window: RollingWindow, now: number): { total: number; failed: number } {
  const epoch = Math.floor(now / window.bucketMs);
  let total = 0;
  let failed = 0;
  // The bucket being filled (index -1), then the closed ones.
  for (let index = -1; index < window.past.length; index++) {
    const bucket = index < 0 ? window : window.past[index]!;
    if (!inWindow(bucket, epoch)) continue;
    total += bucket.successes + bucket.failures;
    failed += bucket.failures;
  }
  return { total, failed };
}
