import { Balancer } from '@headwater/core';
import type { TargetRecord, UpstreamRecord } from './records.ts';

/** An upstream as the data plane uses it: immutable config plus the selector built from it. */
export interface UpstreamRuntime {
  readonly config: UpstreamRecord;
  readonly balancer: Balancer;
  readonly targets: ReadonlyMap<string, TargetRecord>;
  /** Identifies what the balancer was built from, so an unrelated edit keeps its rotation. */
  readonly selectionKey: string;
}

/** An immutable view of the whole config; the runtime swaps whole snapshots, never edits one. */
export class ConfigSnapshot {
  private constructor(
    readonly version: number,
    readonly upstreams: ReadonlyMap<string, UpstreamRuntime>,
  ) {}

  static empty(): ConfigSnapshot {
    return new ConfigSnapshot(0, new Map());
  }

  /** Builds the next snapshot, reusing the previous balancer of any upstream whose selection inputs did not change. */
  static build(version: number, records: readonly UpstreamRecord[], previous: ConfigSnapshot): ConfigSnapshot {
    const upstreams = new Map<string, UpstreamRuntime>();
    for (const config of records) {
      const selectionKey = JSON.stringify([
        config.slowStartMs,
        config.failOpen,
        config.targets.map((target) => [target.id, target.weight, target.priority, target.maxInFlight]),
      ]);
      const before = previous.upstreams.get(config.name);
      const balancer =
        before && before.selectionKey === selectionKey
          ? before.balancer
          : new Balancer(config.targets, { slowStartMs: config.slowStartMs, failOpen: config.failOpen });
      upstreams.set(config.name, {
        config,
        balancer,
        selectionKey,
        targets: new Map(config.targets.map((target) => [target.id, target])),
      });
    }
    return new ConfigSnapshot(version, upstreams);
  }
}
