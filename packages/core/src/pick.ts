import type { TargetFacts } from './health/facts.ts';
import type { QuotaState } from './quota/quota-state.ts';

// What a pick is made from and what it returns: shared by the balancer and a request's candidates.

/** What the balancer needs to know of a target's configuration. */
export interface BalancerTarget {
  readonly id: string;
  readonly weight: number;
  readonly priority: number;
  readonly maxInFlight: number;
  /** Per-target passive override; the upstream's `halfOpenRequests` otherwise. */
  readonly halfOpenRequests?: number | undefined;
}

/** The live side, owned by the runtime's state store and read at pick time. */
export interface LiveTargets {
  facts(id: string): TargetFacts;
  inFlight(id: string): number;
  /**
   * A number that changes whenever any target's facts change. With it the balancer reuses
   * one eligibility view across picks (O(log n) picks); without it every pick rebuilds the
   * view (O(n)), which is correct but slow for large upstreams.
   */
  revision?(): number;
  /** Peak-EWMA time to first byte (see `observeLatency`); null/undefined = no samples yet. */
  latencyMs?(id: string): number | null | undefined;
  /**
   * The target's rate-limit budgets as its responses last reported them (see `observeTargetQuota`);
   * null/undefined = nothing known. A quota-aware upstream multiplies the target's effective
   * weight by `quotaWeightFactor`. Bump `revision` when `observeTargetQuota` says `reweighted`:
   * the view rebuilds by itself when a low budget resets.
   */
  quota?(id: string): QuotaState | null | undefined;
}

export type NoneReason = 'no-eligible' | 'exhausted';

export type Pick =
  | { readonly kind: 'target'; readonly target: BalancerTarget; readonly failOpen: boolean; readonly tier?: number }
  | { readonly kind: 'cooling-down'; readonly retryAfterMs: number }
  /** no-eligible: answer 503. exhausted: eligible targets exist but this request tried them all, or they are full. */
  | { readonly kind: 'none'; readonly reason?: NoneReason };

export interface PickRequest {
  /** The request's hash key (see `hashKeyOf`); consistent-hash only. Null/absent = a random pick. */
  readonly hashKey?: string | null | undefined;
}
