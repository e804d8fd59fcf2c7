import { describe, expect, it } from 'vitest';
import { chartOptions, formatTick, formatTimeTick, niceCeiling, yRange } from '@/lib/history-chart-options';

describe('niceCeiling', () => {
  it.each([
    [0, 1],
    [0.3, 0.5],
    [7, 10],
    [10, 10],
    [11, 20],
    [180, 200],
    [201, 500],
    [501, 1_000],
    [4_200, 5_000],
  ])('%d rounds up to %d', (value, top) => {
    expect(niceCeiling(value)).toBeCloseTo(top, 10);
  });
});

describe('yRange', () => {
  it('starts latency at 0 and ends at a nice value above the highest, at least 10 ms', () => {
    expect(yRange('latency', null)).toEqual([0, 10]);
    expect(yRange('latency', 3)).toEqual([0, 10]);
    expect(yRange('latency', 240)).toEqual([0, 500]);
  });
  it('always shows an error rate from 0 to 100 %', () => {
    expect(yRange('error-rate', 3)).toEqual([0, 100]);
    expect(yRange('error-rate', null)).toEqual([0, 100]);
  });
});

describe('formatTick', () => {
  it('labels latency ticks as durations and error-rate ticks as percentages', () => {
    expect(formatTick('latency', 0)).toBe('0');
    expect(formatTick('latency', 250)).toBe('250 ms');
    expect(formatTick('latency', 2_000)).toBe('2 s');
    expect(formatTick('error-rate', 50)).toBe('50%');
  });
});

describe('formatTimeTick', () => {
  it('writes times as the rest of the console does: 24-hour hours and minutes', () => {
    expect(formatTimeTick(new Date(2026, 10, 30, 18, 25, 40).getTime())).toMatch(/^18.25$/);
    expect(formatTimeTick(new Date(2026, 10, 30, 7, 5).getTime())).toMatch(/^07.05$/);
  });
});

describe('chartOptions', () => {
  const options = chartOptions({
    kind: 'latency',
    lines: [
      { label: 'p50', color: 'blue' },
      { label: 'p99', color: 'orange', dash: [4, 3] },
    ],
    width: 600,
    height: 160,
    resolutionMs: 10_000,
  });

  it('draws epoch-ms x values up to the end of the newest slot, one series per line after the x series', () => {
    expect(options.ms).toBe(1);
    expect(options.series.map((series) => series.label)).toEqual([undefined, 'p50', 'p99']);
    const range = options.scales?.x?.range as (plot: unknown, first: number, last: number) => [number, number];
    expect(range(undefined, 1_000_000, 1_890_000)).toEqual([1_000_000, 1_900_000]);
  });

  it('shows every value as a point and never bridges a quiet slot', () => {
    for (const series of options.series.slice(1)) {
      expect(series.spanGaps).toBe(false);
      expect(series.points?.show).toBe(true);
    }
  });
});
