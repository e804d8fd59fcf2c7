import type uPlot from 'uplot';
import { formatLatency } from '@/lib/format';

// The uPlot options of a history chart: the whole window on the x axis (epoch ms), a y axis from 0,
// lines with points (a lone busy slot between quiet ones is a point, not nothing) and no
// built-in legend: the page writes its own, as text.

export type ChartKind = 'latency' | 'error-rate';

export type ChartLine = { label: string; color: string; dash?: number[]; fill?: string };

export type ChartFrame = {
  kind: ChartKind;
  lines: readonly ChartLine[];
  width: number;
  height: number;
  /** A slot's length: the x axis runs from the oldest slot's start to the newest slot's end. */
  resolutionMs: number;
};

/** The smallest 1, 2 or 5 × 10ⁿ at or above `value`: a y axis top that reads well. */
export function niceCeiling(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}

/** Latency from 0 to a nice value above the highest (at least 10 ms); an error rate always 0–100 %. */
export function yRange(kind: ChartKind, max: number | null): [number, number] {
  if (kind === 'error-rate') return [0, 100];
  return [0, niceCeiling(Math.max(10, max ?? 0))];
}

/** A time tick as the rest of the console writes times: 24-hour "18:25". */
export function formatTimeTick(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit', hour12: false });
}

export function formatTick(kind: ChartKind, value: number): string {
  if (kind === 'error-rate') return `${value}%`;
  return value === 0 ? '0' : formatLatency(value);
}

const AXIS = {
  stroke: '#5b6571',
  font: '11px system-ui, sans-serif',
  grid: { stroke: '#eef0f3', width: 1 },
  ticks: { stroke: '#d7dce2', width: 1 },
};

export function chartOptions(frame: ChartFrame): uPlot.Options {
  const { kind } = frame;
  return {
    width: frame.width,
    height: frame.height,
    ms: 1,
    legend: { show: false },
    cursor: { drag: { x: false, y: false } },
    scales: {
      x: { time: true, range: (_plot, first, last) => [first, last + frame.resolutionMs] },
      y: { range: (_plot, _min, max) => yRange(kind, Number.isFinite(max) ? max : null) },
    },
    axes: [
      { ...AXIS, space: 70, values: (_plot, ticks) => ticks.map(formatTimeTick) },
      { ...AXIS, size: 54, space: 30, values: (_plot, ticks) => ticks.map((tick) => formatTick(kind, tick)) },
    ],
    series: [
      {},
      ...frame.lines.map(
        (line): uPlot.Series => ({
          label: line.label,
          stroke: line.color,
          width: 2,
          dash: line.dash,
          fill: line.fill,
          spanGaps: false,
          points: { show: true, size: 5, fill: line.color },
        }),
      ),
    ],
  };
}
