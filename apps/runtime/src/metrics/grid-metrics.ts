import type { MetricFamily } from './exposition.ts';

/** What the live grid costs on this node (TargetStates and its shared feed). */
export interface GridFigures {
  readonly gridBuilds: number;
  readonly gridFeed: { readonly watching: number };
}

/** Read at scrape time: a grid build per open console per second would show here as a rate growing with the watchers. */
export function gridFamilies(figures: GridFigures): MetricFamily[] {
  return [
    {
      name: 'headwater_grid_builds_total',
      help: 'Live-grid snapshots built on this node (states.watch streams share one build per change or refresh; states.get and scrapes build their own).',
      type: 'counter',
      samples: [{ labels: {}, value: figures.gridBuilds }],
    },
    {
      name: 'headwater_grid_watchers',
      help: 'Open states.watch streams (consoles watching the live grid) on this node.',
      type: 'gauge',
      samples: [{ labels: {}, value: figures.gridFeed.watching }],
    },
  ];
}
