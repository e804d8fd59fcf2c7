import { seriesKey } from './counter.ts';
import { formatValue, type Labels, type MetricFamily, type Sample } from './exposition.ts';

/**
 * Request latency buckets in seconds for AI calls: from a cached 5 ms answer to a 5-minute
 * non-streaming completion.
 */
export const AI_LATENCY_BUCKETS_S = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300] as const;

/** One label set's buckets: hot paths keep it and call `observe` (no label key built per event). */
export class HistogramSeries {
  readonly counts: number[]; // per bucket, not cumulative
  sum = 0;
  count = 0;

  constructor(
    readonly labels: Labels,
    private readonly buckets: readonly number[],
  ) {
    this.counts = buckets.map(() => 0);
  }

  observe(value: number): void {
    for (let index = 0; index < this.buckets.length; index++) {
      if (value <= this.buckets[index]!) {
        this.counts[index]! += 1;
        break;
      }
    }
    this.sum += value;
    this.count += 1;
  }
}

/** Cumulative `le` buckets, `_sum` and `_count` per label set. */
export class Histogram<L extends string> {
  private readonly series = new Map<string, HistogramSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
    readonly buckets: readonly number[] = AI_LATENCY_BUCKETS_S,
  ) {}

  observe(labels: Record<L, string>, value: number): void {
    this.seriesOf(labels).observe(value);
  }

  /** The series of one label set, created empty (it is exposed from then on). */
  seriesOf(labels: Record<L, string>): HistogramSeries {
    const key = seriesKey(this.labelNames, labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = new HistogramSeries({ ...labels }, this.buckets);
      this.series.set(key, entry);
    }
    return entry;
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
