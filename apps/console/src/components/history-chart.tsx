'use client';

import type uPlot from 'uplot';
import { useCallback, useId, useRef } from 'react';
import { type ChartKind, type ChartLine, chartOptions } from '@/lib/history-chart-options';
import { drawnValues, type SeriesData } from '@/lib/history-series';
import { useUplot } from '@/lib/use-uplot';
import 'uplot/dist/uPlot.min.css';
import './history-chart.css';

// One small time-series chart of a target's history. The canvas is a picture to a screen
// reader: the figure is named by its title, described by the text summary beside it, and its
// legend is text.

const HEIGHT_PX = 150;

export type HistoryChartProps = {
  kind: ChartKind;
  title: string;
  lines: readonly ChartLine[];
  data: SeriesData;
  resolutionMs: number;
  /** The chart's figures in words: the latest values and the window's totals. */
  summary: string;
  testId: string;
};

export function HistoryChart({ kind, title, lines, data, resolutionMs, summary, testId }: HistoryChartProps) {
  const holder = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const summaryId = useId();
  const options = useCallback(
    (width: number) => chartOptions({ kind, lines, width, height: HEIGHT_PX, resolutionMs }),
    [kind, lines, resolutionMs],
  );
  useUplot(holder, options, data as uPlot.AlignedData);
  return (
    <figure className="history-chart" data-testid={testId} data-points={drawnValues(data)} aria-labelledby={titleId}>
      <figcaption className="history-chart-head">
        <h2 id={titleId}>{title}</h2>
        <ul className="history-legend" aria-label={`${title}: lines`}>
          {lines.map((line) => (
            <li key={line.label}>
              <span
                className="history-swatch"
                aria-hidden="true"
                style={{ borderTopColor: line.color, borderTopStyle: line.dash ? 'dashed' : 'solid' }}
              />
              {line.label}
            </li>
          ))}
        </ul>
      </figcaption>
      <div
        ref={holder}
        className="history-plot"
        role="img"
        aria-label={`${title}, last 15 minutes`}
        aria-describedby={summaryId}
        style={{ minHeight: HEIGHT_PX }}
      />
      <p id={summaryId} className="history-summary" data-testid={`${testId}-summary`}>
        {summary}
      </p>
    </figure>
  );
}
