// Time to first byte as a histogram: bucket 0 holds ≤ 1 ms, bucket i holds (2^((i-1)/3), 2^(i/3)] ms,
// three per doubling (each ≤ 26 % wide) up to 2^20 ms (17 min, beyond the longest headersMs
// default); the last bucket takes anything longer. A percentile is read as the upper bound of
// its bucket, capped by the largest sample: never under the truth, at most 26 % over it. Shared
// by the grid's 60 s figures and the 15-minute history, so both read latency by one rule.

const PER_DOUBLING = 3;

/** Buckets per histogram (62 counters: 248 bytes as a Uint32Array). */
export const LATENCY_BUCKETS = 20 * PER_DOUBLING + 2;

const upperBoundMs = (bucket: number) => 2 ** (bucket / PER_DOUBLING);

/** The bucket a time to first byte falls in. */
export function latencyBucket(ms: number): number {
  if (!(ms > 1)) return 0;
  return Math.min(LATENCY_BUCKETS - 1, Math.ceil(Math.log2(ms) * PER_DOUBLING - 1e-9));
}

/**
 * The q-quantile (0.5, 0.99) of `samples` counts held in `histogram` (LATENCY_BUCKETS long,
 * from `offset`), ms with one decimal; null without samples. `maxMs` is the largest sample.
 */
export function latencyPercentile(histogram: Uint32Array, samples: number, q: number, maxMs: number, offset = 0): number | null {
  if (samples === 0) return null;
  const rank = Math.max(1, Math.ceil(q * samples));
  let seen = 0;
  for (let bucket = 0; bucket < LATENCY_BUCKETS; bucket++) {
    seen += histogram[offset + bucket]!;
    if (seen >= rank) {
      const bound = bucket === LATENCY_BUCKETS - 1 ? maxMs : upperBoundMs(bucket);
      return Math.round(Math.min(bound, maxMs) * 10) / 10;
    }
  }
  return maxMs;
}

/** The bucket of a time to first byte; 0 (not counted by callers) when there was none. */
export const latencyBucketOf = (firstByteMs: number | null): number => (firstByteMs === null ? 0 : latencyBucket(firstByteMs));
