import type { Labels, MetricFamily } from './exposition.ts';

/** Keys a label set by its values in the declared label order. */
export const seriesKey = (names: readonly string[], labels: Labels) => names.map((name) => labels[name] ?? '').join('\u0000');

/** A monotonically increasing count per label set, kept in memory since the process started. */
export class Counter<L extends string> {
  private readonly series = new Map<string, { labels: Labels; value: number }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly L[],
  ) {}

  inc(labels: Record<L, string>, by = 1): void {
    const key = seriesKey(this.labelNames, labels);
    const entry = this.series.get(key);
    if (entry) entry.value += by;
    else this.series.set(key, { labels: { ...labels }, value: by });
  }

  get(labels: Record<L, string>): number {
    return this.series.get(seriesKey(this.labelNames, labels))?.value ?? 0;
  }

  collect(): MetricFamily {
    return { name: this.name, help: this.help, type: 'counter', samples: [...this.series.values()] };
  }
}
