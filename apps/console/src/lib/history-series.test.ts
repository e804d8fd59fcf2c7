import { describe, expect, it } from 'vitest';
import type { HistoryPoint } from '@/lib/api-types';
import { describeErrorRate, describeLatency, drawnValues, errorRateSeries, latencySeries, summarizeHistory } from '@/lib/history-series';

const SLOT_MS = 10_000;
const quiet = (index: number): HistoryPoint => ({
  at: 1_000_000 + index * SLOT_MS,
  requests: 0,
  failures: 0,
  errorRatePct: null,
  p50Ms: null,
  p99Ms: null,
});
const busy = (index: number, fields: Partial<HistoryPoint>): HistoryPoint => ({
  ...quiet(index),
  requests: 10,
  failures: 0,
  errorRatePct: 0,
  p50Ms: 20,
  p99Ms: 40,
  ...fields,
});

describe('latencySeries and errorRateSeries', () => {
  it('keep every slot, oldest first, and leave quiet slots as gaps (null), never zeros', () => {
    const points = [quiet(0), busy(1, { p50Ms: 12, p99Ms: 80, errorRatePct: 25 }), quiet(2)];
    expect(latencySeries(points)).toEqual([
      [1_000_000, 1_010_000, 1_020_000],
      [null, 12, null],
      [null, 80, null],
    ]);
    expect(errorRateSeries(points)).toEqual([
      [1_000_000, 1_010_000, 1_020_000],
      [null, 25, null],
    ]);
  });
});

describe('drawnValues', () => {
  it('counts the values drawn over every line, gaps excluded', () => {
    const points = [quiet(0), busy(1, {}), busy(2, { p99Ms: null }), quiet(3)];
    expect(drawnValues(latencySeries(points))).toBe(3);
    expect(drawnValues(errorRateSeries(points))).toBe(2);
    expect(drawnValues(latencySeries(Array.from({ length: 90 }, (_, index) => quiet(index))))).toBe(0);
  });
});

describe('summarizeHistory', () => {
  it('adds up requests and failures, takes the newest slot with traffic and the worst p99', () => {
    const points = [
      busy(0, { p99Ms: 300, failures: 2 }),
      busy(1, { requests: 5, p50Ms: 15, p99Ms: 90, errorRatePct: 20, failures: 1 }),
      quiet(2),
    ];
    expect(summarizeHistory(points)).toEqual({
      requests: 15,
      failures: 3,
      latest: { at: 1_010_000, p50Ms: 15, p99Ms: 90, errorRatePct: 20 },
      peakP99Ms: 300,
    });
  });

  it('has no latest slot and no peak without traffic', () => {
    expect(summarizeHistory([quiet(0), quiet(1)])).toEqual({ requests: 0, failures: 0, latest: null, peakP99Ms: null });
  });
});

describe('describeLatency and describeErrorRate', () => {
  it('say the latest figures and the window totals in words', () => {
    const summary = summarizeHistory([
      busy(0, { p99Ms: 1_500 }),
      busy(1, { requests: 1, failures: 1, errorRatePct: 100, p50Ms: 42, p99Ms: 120 }),
    ]);
    expect(describeLatency(summary)).toMatch(/^Latest \(.+\): p50 42 ms, p99 120 ms\. Highest p99 in 15 min: 1\.5 s\.$/);
    expect(describeErrorRate(summary)).toMatch(/^Latest \(.+\): 100%\. Last 15 min: 11 requests, 1 failure\.$/);
  });

  it('say there was no traffic rather than showing zeros', () => {
    const summary = summarizeHistory([quiet(0)]);
    expect(describeLatency(summary)).toBe('No traffic in the last 15 minutes.');
    expect(describeErrorRate(summary)).toBe('No traffic in the last 15 minutes.');
  });

  it('say "nothing counted" when the newest slot only had answers that are neither success nor failure (429s)', () => {
    const summary = summarizeHistory([busy(0, { requests: 3, errorRatePct: null })]);
    expect(describeErrorRate(summary)).toMatch(/: nothing counted\. Last 15 min: 3 requests, 0 failures\.$/);
  });
});
