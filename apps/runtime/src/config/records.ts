import type { TargetSettings, UpstreamSettings } from '@headwater/core';

/** A stored target: its settings with every default applied, plus identity. */
export interface TargetRecord extends TargetSettings {
  readonly id: string;
  readonly upstreamId: string;
}

/** A stored upstream with its targets, as the runtime serves it. */
export interface UpstreamRecord extends UpstreamSettings {
  readonly id: string;
  /** +1 on every stored change to the upstream or any of its targets (optimistic concurrency). */
  readonly version: number;
  readonly targets: readonly TargetRecord[];
}
