import { seriesKey } from './counter.ts';
import { formatValue, type Labels, type MetricFamily, type Sample } from './exposition.ts';

/**
 * Request latency buckets in seconds for AI calls: from a cached 5 ms answer to a 5-minute
 * non-streaming completion.
 */
export const AI_LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300] as const;

interface Series {
  labels: Labels;
  counts: number[]; // per bucket, not cumulative
  sum: number;
  count: number;
}

/** Cumulative `le` buckets, `_sum` and `_count` per label set. */
export class Histogram<L extends string> {
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
    readonly buckets: readonly number[] = AI_LATENCY_BUCKETS_S,
  ) {}

  observe(labels: Record<L, string>, value: number): void {
    const key = seriesKey(this.labelNames, labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels: { ...labels }, counts: this.buckets.map(() => 0), sum: 0, count: 0 };
      this.series.set(key, entry);
    }
    const index = this.buckets.findIndex((upper) => value <= upper);
    if (index >= 0) entry.counts[index]! += 1;
    entry.sum += value;
    entry.count += 1;
  }

  collect(): MetricFamily {
    const samples: Sample[] = [];
    for (const entry of this.series.values()) {
      let cumulative = 0;
      this.buckets.forEach((upper, index) => {
        cumulative += entry.counts[index]!;
        samples.push({ suffix: '_bucket', labels: { ...entry.labels, le: formatValue(upper) }, value: cumulative });
      });
      samples.push({ suffix: '_bucket', labels: { ...entry.labels, le: '+Inf' }, value: entry.count });
      samples.push({ suffix: '_sum', labels: entry.labels, value: entry.sum });
      samples.push({ suffix: '_count', labels: entry.labels, value: entry.count });
    }
    return { name: this.name, help: this.help, type: 'histogram', samples };
  }
}
