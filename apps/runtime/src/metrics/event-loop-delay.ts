import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { formatValue, type MetricFamily, type Sample } from './exposition.ts';

/** Upper bounds in seconds: a healthy loop sits in the first two; a stall shows in the millisecond ones. */
export const LOOP_DELAY_BUCKETS_S = [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1] as const;

/** How often Node's sampling timer fires (ms). 5 ms catches periodic millisecond stalls that Node's default 10 ms would mostly miss. */
const RESOLUTION_MS = 5;
const FOLD_EVERY_MS = 1_000;
/** The max gauge covers the last 10 folds (10 s): long enough for a scrape to see a stall, short enough to forget it. */
const MAX_WINDOW_FOLDS = 10;

/**
 * The data plane's event-loop delay (`perf_hooks.monitorEventLoopDelay`), as a cumulative
 * Prometheus histogram plus the largest delay of the last 10 s. Node's sampler records how
 * late its own timer fired (resolution included); once a second the samples are folded into
 * the buckets and the sampler is reset, so the counts only grow and two scrapes give the
 * distribution between them. The fold is a few dozen native calls: it does not stall the loop
 * it measures.
 */
export class EventLoopDelay {
  private readonly sampler: IntervalHistogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  private readonly counts: number[] = LOOP_DELAY_BUCKETS_S.map(() => 0);
  private readonly recentMaxima: number[] = [];
  private count = 0;
  private sum = 0;
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.sampler.enable();
    this.timer = setInterval(() => this.fold(), FOLD_EVERY_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sampler.disable();
  }

  /** Moves the sampler's samples into the cumulative buckets. Public for tests, which fold at will. */
  fold(): void {
    const samples = this.sampler.count;
    if (samples > 0) {
      let below = 0;
      LOOP_DELAY_BUCKETS_S.forEach((bound, index) => {
        // Cumulative share at or below the bound, never less than the bucket before (rounding).
        const atOrBelow = Math.max(below, Math.round(samples * this.shareAtOrBelow(bound)));
        this.counts[index]! += atOrBelow - below;
        below = atOrBelow;
      });
      this.count += samples;
      this.sum += samples * delaySeconds(this.sampler.mean);
    }
    this.recentMaxima.push(samples > 0 ? delaySeconds(this.sampler.max) : 0);
    if (this.recentMaxima.length > MAX_WINDOW_FOLDS) this.recentMaxima.shift();
    this.sampler.reset();
  }

  collect(): MetricFamily[] {
    const samples: Sample[] = [];
    let cumulative = 0;
    LOOP_DELAY_BUCKETS_S.forEach((bound, index) => {
      cumulative += this.counts[index]!;
      samples.push({ suffix: '_bucket', labels: { le: formatValue(bound) }, value: cumulative });
    });
    samples.push({ suffix: '_bucket', labels: { le: '+Inf' }, value: this.count });
    samples.push({ suffix: '_sum', labels: {}, value: this.sum });
    samples.push({ suffix: '_count', labels: {}, value: this.count });
    return [
      {
        name: 'headwater_event_loop_delay_seconds',
        help: `How late the data plane's event loop ran a timer due every ${RESOLUTION_MS} ms (sampled by perf_hooks.monitorEventLoopDelay).`,
        type: 'histogram',
        samples,
      },
      {
        name: 'headwater_event_loop_delay_max_seconds',
        help: 'The largest event-loop delay seen in the last 10 s.',
        type: 'gauge',
        samples: [{ labels: {}, value: Math.max(0, ...this.recentMaxima) }],
      },
    ];
  }

  /** The share of samples whose delay is at most `bound` seconds: binary search over the sampler's percentiles. */
  private shareAtOrBelow(bound: number): number {
    const limitNs = (bound + RESOLUTION_MS / 1_000) * 1e9;
    if (this.sampler.max <= limitNs) return 1;
    if (this.sampler.min > limitNs) return 0;
    let low = 0;
    let high = 100;
    for (let step = 0; step < 24; step += 1) {
      const middle = (low + high) / 2;
      if (this.sampler.percentile(middle) <= limitNs) low = middle;
      else high = middle;
    }
    return low / 100;
  }
}

/** A sample (ns, resolution included) as the delay beyond the resolution, in seconds. */
const delaySeconds = (sampleNs: number) => Math.max(0, sampleNs / 1e9 - RESOLUTION_MS / 1_000);
