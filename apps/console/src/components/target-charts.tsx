'use client';

import { useMemo } from 'react';
import type { TargetHistory } from '@/lib/api-types';
import type { ChartLine } from '@/lib/history-chart-options';
import { describeErrorRate, describeLatency, errorRateSeries, latencySeries, summarizeHistory } from '@/lib/history-series';
import { HistoryChart } from '@/components/history-chart';

// A target's two history charts: time to first byte (p50, p99) and error rate, each with its
// figures in words. The series are rebuilt only when a refresh brings new points.

const LATENCY_LINES: readonly ChartLine[] = [
  { label: 'p50', color: '#0b5cad' },
  { label: 'p99', color: '#8a5a00', dash: [5, 4] },
];
const ERROR_LINES: readonly ChartLine[] = [{ label: 'error rate', color: '#b42318', fill: 'rgba(180, 35, 24, 0.08)' }];

export function TargetCharts({ history }: { history: TargetHistory }) {
  const { points, resolutionMs } = history;
  const latency = useMemo(() => latencySeries(points), [points]);
  const errors = useMemo(() => errorRateSeries(points), [points]);
  const summary = useMemo(() => summarizeHistory(points), [points]);
  return (
    <>
      <HistoryChart
        kind="latency"
        title="Time to first byte"
        lines={LATENCY_LINES}
        data={latency}
        resolutionMs={resolutionMs}
        summary={describeLatency(summary)}
        testId="chart-latency"
      />
      <HistoryChart
        kind="error-rate"
        title="Error rate"
        lines={ERROR_LINES}
        data={errors}
        resolutionMs={resolutionMs}
        summary={describeErrorRate(summary)}
        testId="chart-error-rate"
      />
    </>
  );
}
