import {
  Balancer,
  credentialsRejectionStatuses,
  effectiveHealthChecks,
  injectsCredentials,
  type EffectiveHealthChecks,
  type Random,
} from '@headwater/core';
import type { TargetRecord, UpstreamRecord } from './records.ts';

/** An upstream as the data plane uses it: immutable config plus what is derived from it once. */
export interface UpstreamRuntime {
  readonly config: UpstreamRecord;
  readonly balancer: Balancer;
  readonly targets: ReadonlyMap<string, TargetRecord>;
  /** Each target's health-check settings: its overrides over the upstream's. */
  readonly checks: ReadonlyMap<string, EffectiveHealthChecks>;
  /** Identifies what the balancer was built from, so an unrelated edit keeps its rotation. */
  readonly selectionKey: string;
  /**
   * The targets that inject their own key (`injectsCredentials`): a 401, 402 or 403 from one of
   * them is its own credentials refused, never relayed; the request moves on to another target.
   */
  readonly keyed: ReadonlySet<string>;
  /** What an attempt at a keyed target keeps while another attempt may follow: retryOn and the refusals. */
  readonly keepAtKeyed: readonly string[];
}

/** A keyed target's refusal of its own credentials is kept on every attempt, the last one too: it never reaches the caller. */
export const REFUSAL_STATUSES: readonly string[] = credentialsRejectionStatuses.map(String);

function balancerFor(config: UpstreamRecord, checks: ReadonlyMap<string, EffectiveHealthChecks>, random: Random): Balancer {
  return new Balancer(
    config.targets.map((target) => ({
      id: target.id,
      weight: target.weight,
      priority: target.priority,
      maxInFlight: target.maxInFlight,
      halfOpenRequests: checks.get(target.id)!.passive.halfOpenRequests,
    })),
    {
      algorithm: config.algorithm,
      slowStartMs: config.slowStartMs,
      failOpen: config.failOpen,
      quotaAware: config.quotaAware,
      overprovisioningFactor: config.overprovisioningFactor,
      halfOpenRequests: config.healthChecks.passive.halfOpenRequests,
      random,
    },
  );
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

  /**
   * Builds the next snapshot, reusing the previous balancer of any upstream whose selection
   * inputs did not change. New balancers draw their random picks from `random`.
   */
  static build(version: number, records: readonly UpstreamRecord[], previous: ConfigSnapshot, random: Random): ConfigSnapshot {
    const upstreams = new Map<string, UpstreamRuntime>();
    for (const config of records) {
      const checks = new Map(config.targets.map((target) => [target.id, effectiveHealthChecks(config.healthChecks, target.healthChecks)]));
      const selectionKey = JSON.stringify([
        config.algorithm,
        config.slowStartMs,
        config.failOpen,
        config.quotaAware,
        config.overprovisioningFactor,
        config.targets.map((target) => [
          target.id,
          target.weight,
          target.priority,
          target.maxInFlight,
          checks.get(target.id)!.passive.halfOpenRequests,
        ]),
      ]);
      const before = previous.upstreams.get(config.name);
      const balancer = before && before.selectionKey === selectionKey ? before.balancer : balancerFor(config, checks, random);
      upstreams.set(config.name, {
        config,
        balancer,
        selectionKey,
        checks,
        targets: new Map(config.targets.map((target) => [target.id, target])),
        keyed: new Set(config.targets.filter((target) => injectsCredentials(target.headers)).map((target) => target.id)),
        keepAtKeyed: [...new Set([...config.retryOn, ...REFUSAL_STATUSES])],
      });
    }
    return new ConfigSnapshot(version, upstreams);
  }
}
