import type { HistoryPoint } from '@/lib/api-types';
import { formatClock, formatLatency, formatPct } from '@/lib/format';

// What the history charts draw and what they say in words, from `targets.history`: 90 slots of
// 10 s, oldest first, the last one still filling. A slot without traffic is a gap, not a zero.

/** uPlot's aligned data: the slot starts (epoch ms; the chart is told `ms: 1`), then one array per line. */
export type SeriesData = [number[], ...Array<Array<number | null>>];

export function latencySeries(points: readonly HistoryPoint[]): SeriesData {
  return [points.map((point) => point.at), points.map((point) => point.p50Ms), points.map((point) => point.p99Ms)];
}

export function errorRateSeries(points: readonly HistoryPoint[]): SeriesData {
  return [points.map((point) => point.at), points.map((point) => point.errorRatePct)];
}

/** How many values the lines of a chart draw (gaps excluded), over all its lines. */
export function drawnValues(data: SeriesData): number {
  let count = 0;
  for (const line of data.slice(1)) count += line.filter((value) => value !== null).length;
  return count;
}

export type HistorySummary = {
  requests: number;
  failures: number;
  /** The most recent slot that saw traffic; null when none did in the window. */
  latest: Pick<HistoryPoint, 'at' | 'p50Ms' | 'p99Ms' | 'errorRatePct'> | null;
  /** The worst p99 of any slot in the window. */
  peakP99Ms: number | null;
};

export function summarizeHistory(points: readonly HistoryPoint[]): HistorySummary {
  let requests = 0;
  let failures = 0;
  let peakP99Ms: number | null = null;
  let latest: HistorySummary['latest'] = null;
  for (const point of points) {
    requests += point.requests;
    failures += point.failures;
    if (point.p99Ms !== null) peakP99Ms = Math.max(peakP99Ms ?? 0, point.p99Ms);
    if (point.requests > 0) latest = { at: point.at, p50Ms: point.p50Ms, p99Ms: point.p99Ms, errorRatePct: point.errorRatePct };
  }
  return { requests, failures, latest, peakP99Ms };
}

const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;

/** The summary in one sentence, for the page and for screen readers (the charts are pictures). */
export function describeLatency(summary: HistorySummary): string {
  if (!summary.latest) return 'No traffic in the last 15 minutes.';
  const { at, p50Ms, p99Ms } = summary.latest;
  const peak = summary.peakP99Ms === null ? '' : ` Highest p99 in 15 min: ${formatLatency(summary.peakP99Ms)}.`;
  return `Latest (${formatClock(at)}): p50 ${formatLatency(p50Ms)}, p99 ${formatLatency(p99Ms)}.${peak}`;
}

export function describeErrorRate(summary: HistorySummary): string {
  if (!summary.latest) return 'No traffic in the last 15 minutes.';
  const { at, errorRatePct } = summary.latest;
  const latest = errorRatePct === null ? 'nothing counted' : formatPct(errorRatePct);
  return `Latest (${formatClock(at)}): ${latest}. Last 15 min: ${plural(summary.requests, 'request')}, ${plural(summary.failures, 'failure')}.`;
}
