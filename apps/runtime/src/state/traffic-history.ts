import { LATENCY_BUCKETS, latencyBucketOf, latencyPercentile } from './latency-histogram.ts';

/** One 10 s slot of a target's history, as `targets.history` answers it. */
export interface HistoryPoint {
  /** Epoch ms of the slot's start. */
  at: number;
  /** Attempts sent to the target in the slot (retries included). */
  requests: number;
  /** Attempts the passive checks counted as failures. */
  failures: number;
  /** Failures ÷ (successes + failures), one decimal; null when nothing was counted. */
  errorRatePct: number | null;
  /** Time to first byte of the slot's responses (histogram, within 26 % above the truth); null without a response. */
  p50Ms: number | null;
  p99Ms: number | null;
}

export const HISTORY_RESOLUTION_MS = 10_000;
export const HISTORY_WINDOW_MS = 900_000;
export const HISTORY_SLOTS = HISTORY_WINDOW_MS / HISTORY_RESOLUTION_MS; // 90

// Per-slot layout in `counts`: requests, successes, failures; in `percentiles`: p50, p99 (NaN = none).
const COUNTERS = 3;

/**
 * One target's last 15 minutes: 90 slots of 10 s, each stamped with the slot number it holds
 * (NaN = never used). Only the slot being filled keeps a histogram; when the next slot starts,
 * its p50 and p99 are read once and stored, so a past slot costs 40 bytes, not a histogram's 248.
 */
export class HistoryRing {
  readonly slot = new Float64Array(HISTORY_SLOTS).fill(Number.NaN);
  readonly counts = new Uint32Array(HISTORY_SLOTS * COUNTERS);
  readonly percentiles = new Float64Array(HISTORY_SLOTS * 2).fill(Number.NaN);
  /** The slot the histogram belongs to (NaN before the first sample), and its largest sample. */
  histogramSlot = Number.NaN;
  maxMs = 0;
  readonly histogram = new Uint32Array(LATENCY_BUCKETS);
  samples = 0;

  /** Closes the histogram's slot when `current` is a later one: O(buckets), once per slot. */
  settle(current: number): void {
    if (this.histogramSlot === current || Number.isNaN(this.histogramSlot)) return;
    const index = indexOf(this.histogramSlot);
    if (this.slot[index] === this.histogramSlot) {
      this.percentiles[index * 2] = latencyPercentile(this.histogram, this.samples, 0.5, this.maxMs) ?? Number.NaN;
      this.percentiles[index * 2 + 1] = latencyPercentile(this.histogram, this.samples, 0.99, this.maxMs) ?? Number.NaN;
    }
    this.histogram.fill(0);
    this.samples = 0;
    this.maxMs = 0;
    this.histogramSlot = Number.NaN;
  }

  /** `bucket` is `latencyBucket(firstByteMs)`, computed once by the caller for both of its windows. */
  observe(current: number, verdict: 'success' | 'failure' | null, firstByteMs: number | null, bucket: number): void {
    this.settle(current);
    const index = indexOf(current);
    if (this.slot[index] !== current) {
      this.slot[index] = current;
      this.counts.fill(0, index * COUNTERS, index * COUNTERS + COUNTERS);
      this.percentiles.fill(Number.NaN, index * 2, index * 2 + 2);
    }
    this.counts[index * COUNTERS]! += 1;
    if (verdict === 'success') this.counts[index * COUNTERS + 1]! += 1;
    if (verdict === 'failure') this.counts[index * COUNTERS + 2]! += 1;
    if (firstByteMs === null) return;
    this.histogramSlot = current;
    this.histogram[bucket]! += 1;
    this.samples++;
    if (firstByteMs > this.maxMs) this.maxMs = firstByteMs;
  }

  point(slot: number): HistoryPoint {
    const index = indexOf(slot);
    if (this.slot[index] !== slot) return emptyPoint(slot);
    const successes = this.counts[index * COUNTERS + 1]!;
    const failures = this.counts[index * COUNTERS + 2]!;
    const counted = successes + failures;
    const live = slot === this.histogramSlot;
    return {
      at: slot * HISTORY_RESOLUTION_MS,
      requests: this.counts[index * COUNTERS]!,
      failures,
      errorRatePct: counted > 0 ? Math.round((failures / counted) * 1000) / 10 : null,
      p50Ms: live ? latencyPercentile(this.histogram, this.samples, 0.5, this.maxMs) : orNull(this.percentiles[index * 2]!),
      p99Ms: live ? latencyPercentile(this.histogram, this.samples, 0.99, this.maxMs) : orNull(this.percentiles[index * 2 + 1]!),
    };
  }
}

const indexOf = (slot: number) => ((slot % HISTORY_SLOTS) + HISTORY_SLOTS) % HISTORY_SLOTS;
const orNull = (value: number) => (Number.isNaN(value) ? null : value);
const emptyPoint = (slot: number): HistoryPoint => ({
  at: slot * HISTORY_RESOLUTION_MS,
  requests: 0,
  failures: 0,
  errorRatePct: null,
  p50Ms: null,
  p99Ms: null,
});

/** The history slot a time falls in (HistoryRing.observe's `current`). */
export const historySlot = (nowMs: number) => Math.floor(nowMs / HISTORY_RESOLUTION_MS);

/** A target's 90 slots ending with the current (partial) one, oldest first; all empty without a ring. */
export function historyPoints(ring: HistoryRing | undefined, nowMs: number): HistoryPoint[] {
  const current = historySlot(nowMs);
  ring?.settle(current);
  const points: HistoryPoint[] = [];
  for (let slot = current - HISTORY_SLOTS + 1; slot <= current; slot++) points.push(ring ? ring.point(slot) : emptyPoint(slot));
  return points;
}

/**
 * Bytes of typed-array data one target's history holds, whatever its traffic: 90 × (8 stamp +
 * 12 counters + 16 percentiles) + the open slot's histogram (62 × 4). About 3.5 KB with the
 * arrays' own headers: 10,000 targets keep 35 MB of history.
 */
export const HISTORY_BYTES_PER_TARGET = HISTORY_SLOTS * (8 + COUNTERS * 4 + 2 * 8) + LATENCY_BUCKETS * 4;

/**
 * Per-target traffic over the last 15 minutes at 10 s resolution, for the console's history
 * charts: the same attempts, verdicts and latency histogram rule as the grid's 60 s figures.
 * Fixed memory per target (HISTORY_BYTES_PER_TARGET), O(1) per observation; a slot is reused
 * when its number comes round again, so old traffic ages out without timers or scans.
 */
export class TrafficHistory {
  private readonly rings = new Map<string, HistoryRing>();

  observe(
    targetId: string,
    verdict: 'success' | 'failure' | null,
    firstByteMs: number | null,
    nowMs: number,
    bucket = latencyBucketOf(firstByteMs),
  ): void {
    let ring = this.rings.get(targetId);
    if (!ring) {
      ring = new HistoryRing();
      this.rings.set(targetId, ring);
    }
    ring.observe(historySlot(nowMs), verdict, firstByteMs, bucket);
  }

  /** The 90 slots ending with the current (partial) one, oldest first. */
  read(targetId: string, nowMs: number): HistoryPoint[] {
    return historyPoints(this.rings.get(targetId), nowMs);
  }

  drop(targetId: string): void {
    this.rings.delete(targetId);
  }

  get size(): number {
    return this.rings.size;
  }
}
