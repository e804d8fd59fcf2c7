import { classifyOutcome, type Clock, type PassiveHealthCheck, type TrafficOutcome } from '@headwater/core';
import type { AttemptRecord, AccessLogLine } from '../data-plane/access-log.ts';

/** What the grid shows of one target's traffic over the last 60 s. */
export interface TargetTraffic {
  /** Attempts sent to the target (retries included; proxy failures never reached it). */
  requests: number;
  /** Outcomes the passive checks count: successes and failures. 429s and callers who left are neither. */
  successes: number;
  failures: number;
  /** Time to first byte of the responses, ms (approximate: see LATENCY_BUCKETS); null without a response. */
  p50Ms: number | null;
  p99Ms: number | null;
}

/** Where the grid reads traffic figures from (TrafficStats). */
export interface TrafficLookup {
  read(targetId: string): TargetTraffic;
}

export const WINDOW_SECONDS = 60;

// Latency histogram: bucket 0 holds ≤ 1 ms, bucket i holds (2^((i-1)/3), 2^(i/3)] ms, three
// per doubling (each ≤ 26 % wide) up to 2^20 ms (17 min, beyond the longest headersMs
// default); the last bucket takes anything longer. A percentile is read as the upper bound of
// its bucket, capped by the largest sample: never under the truth, at most 26 % over it.
const PER_DOUBLING = 3;
const LATENCY_BUCKETS = 20 * PER_DOUBLING + 2;
const upperBoundMs = (bucket: number) => 2 ** (bucket / PER_DOUBLING);

function latencyBucket(ms: number): number {
  if (!(ms > 1)) return 0;
  return Math.min(LATENCY_BUCKETS - 1, Math.ceil(Math.log2(ms) * PER_DOUBLING - 1e-9));
}

// Per-second slot layout in `counts`: requests, successes, failures.
const REQUESTS = 0;
const SUCCESSES = 1;
const FAILURES = 2;
const COUNTERS = 3;

/** One target's ring: 60 one-second slots, each stamped with the epoch second it holds. */
interface Ring {
  readonly second: Float64Array;
  readonly counts: Uint32Array;
  readonly latency: Uint32Array;
  readonly maxMs: Float64Array;
}

const newRing = (): Ring => ({
  second: new Float64Array(WINDOW_SECONDS).fill(-1),
  counts: new Uint32Array(WINDOW_SECONDS * COUNTERS),
  latency: new Uint32Array(WINDOW_SECONDS * LATENCY_BUCKETS),
  maxMs: new Float64Array(WINDOW_SECONDS),
});

const EMPTY: TargetTraffic = { requests: 0, successes: 0, failures: 0, p50Ms: null, p99Ms: null };

/**
 * Per-target traffic over a sliding 60 s window, for the grid's success rate, request count
 * and p50/p99 time to first byte. Fixed memory per target (a ring of one-second slots with
 * counters and a log-spaced latency histogram), O(1) per observation: it runs on every request.
 * A slot is cleared when its second comes round again, so old traffic ages out without timers.
 */
export class TrafficStats implements TrafficLookup {
  private readonly rings = new Map<string, Ring>();
  private readonly scratch = new Uint32Array(LATENCY_BUCKETS);

  constructor(private readonly clock: Clock) {}

  /** One attempt at a target: whether the passive checks count it, and its time to first byte when it got a response. */
  observe(targetId: string, verdict: 'success' | 'failure' | null, firstByteMs: number | null): void {
    let ring = this.rings.get(targetId);
    if (!ring) {
      ring = newRing();
      this.rings.set(targetId, ring);
    }
    const second = Math.floor(this.clock.now() / 1000);
    const slot = second % WINDOW_SECONDS;
    if (ring.second[slot] !== second) {
      ring.second[slot] = second;
      ring.counts.fill(0, slot * COUNTERS, slot * COUNTERS + COUNTERS);
      ring.latency.fill(0, slot * LATENCY_BUCKETS, slot * LATENCY_BUCKETS + LATENCY_BUCKETS);
      ring.maxMs[slot] = 0;
    }
    ring.counts[slot * COUNTERS + REQUESTS]! += 1;
    if (verdict === 'success') ring.counts[slot * COUNTERS + SUCCESSES]! += 1;
    if (verdict === 'failure') ring.counts[slot * COUNTERS + FAILURES]! += 1;
    if (firstByteMs !== null) {
      ring.latency[slot * LATENCY_BUCKETS + latencyBucket(firstByteMs)]! += 1;
      if (firstByteMs > ring.maxMs[slot]!) ring.maxMs[slot] = firstByteMs;
    }
  }

  /**
   * Every attempt of one access log line. `passiveOf` gives the target's passive settings
   * (its `unhealthyStatuses`); a target it does not know (deleted, or a new id after an edit
   * of host or port) is skipped, so nothing is kept for targets that are gone.
   */
  observeRequest(
    line: AccessLogLine,
    passiveOf: (upstream: string, targetId: string) => Pick<PassiveHealthCheck, 'unhealthyStatuses'> | undefined,
  ): void {
    for (const attempt of line.attempts) {
      if (attempt.outcome === 'proxy-error') continue; // the proxy's failure: the target never saw it
      const passive = passiveOf(line.upstream, attempt.target);
      if (!passive) continue;
      this.observe(attempt.target, attemptVerdict(attempt, passive), attempt.outcome === 'response' ? attempt.ms : null);
    }
  }

  read(targetId: string): TargetTraffic {
    const ring = this.rings.get(targetId);
    if (!ring) return EMPTY;
    const now = Math.floor(this.clock.now() / 1000);
    const histogram = this.scratch.fill(0);
    let requests = 0;
    let successes = 0;
    let failures = 0;
    let samples = 0;
    let maxMs = 0;
    for (let slot = 0; slot < WINDOW_SECONDS; slot++) {
      const second = ring.second[slot]!;
      if (second <= now - WINDOW_SECONDS || second > now) continue;
      requests += ring.counts[slot * COUNTERS + REQUESTS]!;
      successes += ring.counts[slot * COUNTERS + SUCCESSES]!;
      failures += ring.counts[slot * COUNTERS + FAILURES]!;
      if (ring.maxMs[slot]! > maxMs) maxMs = ring.maxMs[slot]!;
      for (let bucket = 0; bucket < LATENCY_BUCKETS; bucket++) {
        const count = ring.latency[slot * LATENCY_BUCKETS + bucket]!;
        histogram[bucket]! += count;
        samples += count;
      }
    }
    return {
      requests,
      successes,
      failures,
      p50Ms: percentile(histogram, samples, 0.5, maxMs),
      p99Ms: percentile(histogram, samples, 0.99, maxMs),
    };
  }

  /** Forgets a target (TargetStates' 'removed'). */
  drop(targetId: string): void {
    this.rings.delete(targetId);
  }

  /** How many targets have a ring (for tests: memory stays bounded by live targets). */
  get size(): number {
    return this.rings.size;
  }
}

/** The passive checks' classification of one attempt, as the access log recorded it. */
export function attemptVerdict(
  attempt: AttemptRecord,
  passive: Pick<PassiveHealthCheck, 'unhealthyStatuses'>,
): 'success' | 'failure' | null {
  let outcome: TrafficOutcome;
  switch (attempt.outcome) {
    case 'response':
      outcome = { kind: 'response', status: attempt.status ?? 0 };
      break;
    case 'connect-error':
    case 'reset':
    case 'timeout':
    case 'error-after-headers':
      outcome = { kind: attempt.outcome };
      break;
    case 'aborted':
    case 'proxy-error':
      return null;
  }
  const verdict = classifyOutcome(outcome, passive);
  return verdict === 'success' || verdict === 'failure' ? verdict : null;
}

function percentile(histogram: Uint32Array, samples: number, q: number, maxMs: number): number | null {
  if (samples === 0) return null;
  const rank = Math.max(1, Math.ceil(q * samples));
  let seen = 0;
  for (let bucket = 0; bucket < histogram.length; bucket++) {
    seen += histogram[bucket]!;
    if (seen >= rank) {
      const bound = bucket === histogram.length - 1 ? maxMs : upperBoundMs(bucket);
      return Math.round(Math.min(bound, maxMs) * 10) / 10;
    }
  }
  return maxMs;
}
