import type { AdminState, DisplayState } from '@headwater/core';

/** One cell of the live grid: a target as this node sees it. */
export interface GridTarget {
  id: string;
  host: string;
  port: number;
  weight: number;
  priority: number;
  adminState: AdminState;
  state: DisplayState;
  reasons: string[];
  inFlight: number;
  /** Slow-start ramp in percent while it runs; null when the target serves at full weight. */
  slowStartPct: number | null;
}

export interface GridUpstream {
  name: string;
  targets: GridTarget[];
}

export interface GridSnapshot {
  node: string;
  /** Epoch ms when this snapshot was taken. */
  at: number;
  upstreams: GridUpstream[];
}
