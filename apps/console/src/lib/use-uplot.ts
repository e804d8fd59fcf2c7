'use client';

import type uPlot from 'uplot';
import { type RefObject, useEffect, useRef } from 'react';

// uPlot draws on a canvas and measures the DOM, so it is loaded in the browser only, after
// the holder is in the page.

/** Values a chart drew (gaps excluded), over every series after x: what `data-drawn-points` says. */
function drawnValues(plot: uPlot): number {
  let count = 0;
  for (const series of plot.data.slice(1)) {
    for (const value of series) if (value !== null && value !== undefined) count += 1;
  }
  return count;
}

/**
 * A uPlot chart in `holder`: made when uPlot has loaded (and again when `options` change, so
 * keep them stable), fed `data` whenever it changes, as wide as the holder. After each draw the
 * holder's `data-drawn-points` says how many values the chart drew.
 */
export function useUplot(
  holder: RefObject<HTMLDivElement | null>,
  options: (width: number) => uPlot.Options,
  data: uPlot.AlignedData,
): void {
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(data);

  useEffect(() => {
    const element = holder.current;
    if (!element) return;
    let stopped = false;
    let observer: ResizeObserver | undefined;
    void import('uplot').then(({ default: UPlot }) => {
      if (stopped) return;
      const drawn = (chart: uPlot) => {
        element.dataset.drawnPoints = String(drawnValues(chart));
      };
      const chart = new UPlot({ ...options(element.clientWidth), hooks: { draw: [drawn] } }, latest.current, element);
      plot.current = chart;
      observer = new ResizeObserver(() => chart.setSize({ width: element.clientWidth, height: chart.height }));
      observer.observe(element);
    });
    return () => {
      stopped = true;
      observer?.disconnect();
      plot.current?.destroy();
      plot.current = null;
    };
  }, [holder, options]);

  useEffect(() => {
    latest.current = data;
    plot.current?.setData(data);
  }, [data]);
}
