// Headwater's event-loop delay under a load, from its cumulative Prometheus histogram
// `headwater_event_loop_delay_seconds` (admin port, /metrics) scraped before and after the
// load: the difference is the histogram of that load alone.

const METRIC = 'headwater_event_loop_delay_seconds';

export interface DelayHistogram {
  /** Cumulative count per upper bound in seconds (Infinity for +Inf), ascending. */
  readonly buckets: ReadonlyArray<readonly [number, number]>;
  readonly sum: number;
  readonly count: number;
}

export interface DelaySummary {
  readonly samples: number;
  /** Upper bound (seconds) of the bucket holding the 99th percentile. */
  readonly p99: number;
  /** Upper bound (seconds) of the highest bucket that got a sample. */
  readonly max: number;
  readonly mean: number;
}

export function parseDelayHistogram(text: string | undefined): DelayHistogram | undefined {
  if (!text) return undefined;
  const buckets: Array<[number, number]> = [];
  let sum: number | undefined;
  let count: number | undefined;
  for (const line of text.split('\n')) {
    if (!line.startsWith(METRIC)) continue;
    const [name, value] = line.split(/\s+/);
    const le = /le="([^"]+)"/.exec(name ?? '')?.[1];
    if (name?.startsWith(`${METRIC}_bucket`) && le) buckets.push([le === '+Inf' ? Number.POSITIVE_INFINITY : Number(le), Number(value)]);
    else if (name === `${METRIC}_sum`) sum = Number(value);
    else if (name === `${METRIC}_count`) count = Number(value);
  }
  if (buckets.length === 0 || sum === undefined || count === undefined) return undefined;
  return { buckets: buckets.sort((a, b) => a[0] - b[0]), sum, count };
}

/** The histogram of what happened between two scrapes. */
export function difference(after: DelayHistogram, before: DelayHistogram): DelayHistogram {
  return {
    buckets: after.buckets.map(([le, count]) => [le, count - (before.buckets.find(([bound]) => bound === le)?.[1] ?? 0)] as const),
    sum: after.sum - before.sum,
    count: after.count - before.count,
  };
}

export function addHistograms(a: DelayHistogram, b: DelayHistogram): DelayHistogram {
  return {
    buckets: a.buckets.map(([le, count]) => [le, count + (b.buckets.find(([bound]) => bound === le)?.[1] ?? 0)] as const),
    sum: a.sum + b.sum,
    count: a.count + b.count,
  };
}

export function summarize(histogram: DelayHistogram): DelaySummary | undefined {
  if (histogram.count <= 0) return undefined;
  const p99 = histogram.buckets.find(([, count]) => count >= 0.99 * histogram.count)?.[0] ?? Number.POSITIVE_INFINITY;
  let max = histogram.buckets[0]?.[0] ?? 0;
  let below = 0;
  for (const [le, count] of histogram.buckets) {
    if (count > below) max = le;
    below = count;
  }
  return { samples: histogram.count, p99, max, mean: histogram.sum / histogram.count };
}

/** "≤ 1 ms", "> 1 s": a bucket bound as the bench prints it. */
export function formatBound(seconds: number, previous?: number): string {
  if (seconds === Number.POSITIVE_INFINITY) return `> ${formatSeconds(previous ?? 1)}`;
  return `≤ ${formatSeconds(seconds)}`;
}

function formatSeconds(seconds: number): string {
  return seconds >= 1 ? `${seconds} s` : `${+(seconds * 1000).toFixed(3)} ms`;
}
