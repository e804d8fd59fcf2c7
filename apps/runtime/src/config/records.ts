import type { TargetSettings, UpstreamSettings } from '@headwater/core';

/** A stored target: its settings with every default applied, plus identity. */
export interface TargetRecord extends TargetSettings {
  readonly id: string;
  readonly upstreamId: string;
}

/** A stored upstream with its targets, as the runtime serves it. */
export interface UpstreamRecord extends UpstreamSettings {
  readonly id: string;
  readonly targets: readonly TargetRecord[];
}
