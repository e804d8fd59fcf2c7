import type { Labels, MetricFamily } from './exposition.ts';

/** Keys a label set by its values in the declared label order. */
export const seriesKey = (names: readonly string[], labels: Labels) => names.map((name) => labels[name] ?? '').join('\u0000');

/** One label set's count: hot paths keep it and add to `value` directly (no label key built per event). */
export interface CounterSeries {
  readonly labels: Labels;
  value: number;
}

/** A monotonically increasing count per label set, kept in memory since the process started. */
export class Counter<L extends string> {
  private readonly series = new Map<string, CounterSeries>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
  ) {}

  inc(labels: Record<L, string>, by = 1): void {
    this.seriesOf(labels).value += by;
  }

  /** The series of one label set, created at 0 (it is exposed from then on). */
  seriesOf(labels: Record<L, string>): CounterSeries {
    const key = seriesKey(this.labelNames, labels);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { labels: { ...labels }, value: 0 };
      this.series.set(key, entry);
    }
    return entry;
  }

  get(labels: Record<L, string>): number {
    return this.series.get(seriesKey(this.labelNames, labels))?.value ?? 0;
  }

  collect(): MetricFamily {
    return { name: this.name, help: this.help, type: 'counter', samples: [...this.series.values()] };
  }
}
