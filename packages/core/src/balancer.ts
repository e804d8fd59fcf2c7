import type { TargetFacts } from './health/facts.ts';
import { isCoolingDown, isHealthyEnough } from './health/facts.ts';
import { slowStartFactor } from './health/slow-start.ts';
import { SmoothWeightedRoundRobin } from './selection/smooth-weighted-round-robin.ts';

/** What the balancer needs to know of a target's configuration. */
export interface BalancerTarget {
  readonly id: string;
  readonly weight: number;
  readonly priority: number;
  readonly maxInFlight: number;
}

export interface BalancerSettings {
  readonly slowStartMs: number;
  readonly failOpen: boolean;
}

/** The live side, owned by the runtime's state store and read at pick time. */
export interface LiveTargets {
  facts(id: string): TargetFacts;
  inFlight(id: string): number;
}

export type Pick =
  | { readonly kind: 'target'; readonly target: BalancerTarget; readonly failOpen: boolean }
  | { readonly kind: 'cooling-down'; readonly retryAfterMs: number }
  | { readonly kind: 'none' };

interface Tier {
  readonly priority: number;
  readonly members: readonly BalancerTarget[];
  readonly rotation: SmoothWeightedRoundRobin;
}

/**
 * Built once per config snapshot of an upstream (never per request); picks among the
 * targets that are eligible right now. Tiers are tried in priority order.
 */
export class Balancer {
  private readonly tiers: readonly Tier[];

  constructor(
    targets: readonly BalancerTarget[],
    private readonly settings: BalancerSettings,
  ) {
    const byPriority = new Map<number, BalancerTarget[]>();
    for (const target of targets) {
      const tier = byPriority.get(target.priority) ?? [];
      tier.push(target);
      byPriority.set(target.priority, tier);
    }
    this.tiers = [...byPriority.entries()]
      .sort(([a], [b]) => a - b)
      .map(([priority, members]) => ({ priority, members, rotation: new SmoothWeightedRoundRobin(members.length) }));
  }

  /** Picks a target for the next attempt; `tried` holds targets this request already used. */
  pick(live: LiveTargets, now: number, tried: ReadonlySet<string> = EMPTY): Pick {
    for (const tier of this.tiers) {
      const index = tier.rotation.pick((i) => this.effectiveWeight(tier.members[i]!, live, now, tried));
      if (index >= 0) return { kind: 'target', target: tier.members[index]!, failOpen: false };
    }
    return this.nothingEligible(live, now, tried);
  }

  private effectiveWeight(target: BalancerTarget, live: LiveTargets, now: number, tried: ReadonlySet<string>): number {
    if (target.weight <= 0 || tried.has(target.id)) return 0;
    const facts = live.facts(target.id);
    if (!isHealthyEnough(facts, now)) return 0;
    if (target.maxInFlight > 0 && live.inFlight(target.id) >= target.maxInFlight) return 0;
    return target.weight * slowStartFactor(facts.recoveredAt, this.settings.slowStartMs, now);
  }

  private nothingEligible(live: LiveTargets, now: number, tried: ReadonlySet<string>): Pick {
    const candidates = this.tiers.flatMap((tier) => tier.members).filter(
      (target) => target.weight > 0 && !tried.has(target.id) && live.facts(target.id).admin === 'enabled',
    );
    const cooling = candidates.filter((target) => isCoolingDown(live.facts(target.id), now));
    if (candidates.length > 0 && cooling.length === candidates.length) {
      const soonest = Math.min(...cooling.map((target) => live.facts(target.id).cooldownUntil! - now));
      return { kind: 'cooling-down', retryAfterMs: soonest };
    }
    if (this.settings.failOpen) {
      for (const tier of this.tiers) {
        const open = tier.members.filter(
          (target) => candidates.includes(target) && !isCoolingDown(live.facts(target.id), now),
        );
        if (open.length > 0) {
          const index = tier.rotation.pick((i) => (open.includes(tier.members[i]!) ? tier.members[i]!.weight : 0));
          return { kind: 'target', target: tier.members[index]!, failOpen: true };
        }
      }
    }
    return { kind: 'none' };
  }
}

const EMPTY: ReadonlySet<string> = new Set();
