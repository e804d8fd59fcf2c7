import { classifyOutcome, type Clock, type PassiveHealthCheck, type TrafficOutcome } from '@headwater/core';
import type { AttemptRecord, AccessLogLine } from '../data-plane/access-log.ts';
import { LATENCY_BUCKETS, latencyBucketOf, latencyPercentile } from './latency-histogram.ts';
import { HistoryRing, type HistoryPoint, historyPoints, historySlot } from './traffic-history.ts';

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

/** Where `targets.history` reads a target's last 15 minutes from (TrafficStats). */
export interface TrafficHistoryLookup {
  /** 90 points of 10 s, oldest first, the last being the current (partial) slot. */
  history(targetId: string): HistoryPoint[];
}

export const WINDOW_SECONDS = 60;

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

/** Both windows of one target in one record: one Map lookup per attempt, not one per window. */
interface TargetFigures {
  readonly minute: Ring;
  readonly history: HistoryRing;
}

const EMPTY: TargetTraffic = { requests: 0, successes: 0, failures: 0, p50Ms: null, p99Ms: null };

/**
 * Per-target traffic over a sliding 60 s window, for the grid's success rate, request count
 * and p50/p99 time to first byte, and over the last 15 minutes at 10 s resolution for the
 * history charts (traffic-history.ts). Fixed memory per target (a ring of one-second slots with
 * counters and a log-spaced latency histogram: 16,560 bytes; the history adds 3,488), O(1) per
 * observation: it runs on every request. A slot is cleared when its second comes round again,
 * so old traffic ages out without timers.
 */
export class TrafficStats implements TrafficLookup, TrafficHistoryLookup {
  private readonly figures = new Map<string, TargetFigures>();
  private readonly scratch = new Uint32Array(LATENCY_BUCKETS);

  constructor(private readonly clock: Clock) {}

  /** One attempt at a target: whether the passive checks count it, and its time to first byte when it got a response. */
  observe(targetId: string, verdict: 'success' | 'failure' | null, firstByteMs: number | null): void {
    let figures = this.figures.get(targetId);
    if (!figures) {
      figures = { minute: newRing(), history: new HistoryRing() };
      this.figures.set(targetId, figures);
    }
    const now = this.clock.now();
    const bucket = latencyBucketOf(firstByteMs);
    figures.history.observe(historySlot(now), verdict, firstByteMs, bucket);
    const ring = figures.minute;
    const second = Math.floor(now / 1000);
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
      ring.latency[slot * LATENCY_BUCKETS + bucket]! += 1;
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
    const ring = this.figures.get(targetId)?.minute;
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
      p50Ms: latencyPercentile(histogram, samples, 0.5, maxMs),
      p99Ms: latencyPercentile(histogram, samples, 0.99, maxMs),
    };
  }

  history(targetId: string): HistoryPoint[] {
    return historyPoints(this.figures.get(targetId)?.history, this.clock.now());
  }

  /** Forgets a target (TargetStates' 'removed'): its 60 s figures and its history. */
  drop(targetId: string): void {
    this.figures.delete(targetId);
  }

  /** How many targets have figures kept (for tests: memory stays bounded by live targets). */
  get size(): number {
    return this.figures.size;
  }
}

// The transport outcomes as core's TrafficOutcome, shared: classifying allocates only for a response.
const FAILED_OUTCOMES: Readonly<Record<'connect-error' | 'reset' | 'timeout' | 'error-after-headers', TrafficOutcome>> = {
  'connect-error': { kind: 'connect-error' },
  reset: { kind: 'reset' },
  timeout: { kind: 'timeout' },
  'error-after-headers': { kind: 'error-after-headers' },
};

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
      outcome = FAILED_OUTCOMES[attempt.outcome];
      break;
    case 'aborted':
    case 'proxy-error':
    case 'credentials-rejected':
      return null;
  }
  const verdict = classifyOutcome(outcome, passive);
  return verdict === 'success' || verdict === 'failure' ? verdict : null;
}
