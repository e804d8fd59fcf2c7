import type { TargetFacts } from '../health/facts.ts';
import { circuitAt, credentialsRejected, isCoolingDown, lastRecoveryAt } from '../health/facts.ts';
import type { QuotaState } from '../quota/quota-state.ts';
import { nextQuotaReset, quotaWeightFactor } from '../quota/quota-state.ts';
import { priorityLoads, tierHealth } from './priority-load.ts';

/** Why a target can or cannot take new requests, as of the view's time. */
export const Standing = {
  /** Not a candidate at all: not enabled, or weight 0. */
  Off: 0,
  Eligible: 1,
  /** Enabled, weight > 0, not cooling down, but held back by active health or the circuit: fail-open may use it. */
  HeldBack: 2,
  /** Would be eligible but for a cooldown. */
  CoolingOnly: 3,
  /** Cooling down and held back for another reason too. */
  CoolingAndHeldBack: 4,
  /**
   * Refused its own credentials: never a candidate, not even for fail-open (its key would be
   * refused again), yet its weight counts as enabled, so its tier's health falls and traffic spills.
   */
  Rejected: 5,
} as const;

export interface ViewTarget {
  readonly id: string;
  readonly weight: number;
  readonly maxInFlight: number;
  readonly halfOpenRequests?: number | undefined;
}

export interface ViewTier {
  readonly start: number;
  readonly end: number;
}

export interface ViewSettings {
  readonly slowStartMs: number;
  readonly overprovisioningFactor: number;
  readonly halfOpenRequests: number;
  /** Each target's rate-limit budgets, given only when the upstream is quota-aware. */
  readonly quotaOf?: ((id: string) => QuotaState | null | undefined) | undefined;
}

/** Slow start is applied in 1 % steps, so a cached view stays exact to within 1 % of the ramp. */
export const SLOW_START_STEPS = 100;
/** Half-open circuits take traffic at this slow-start factor. */
export const HALF_OPEN_FACTOR = 0.1;

/**
 * Everything the balancer derives from live facts for one upstream, computed in one O(n)
 * pass and reused by every pick until a fact changes (the live store's revision) or a time
 * boundary passes (a cooldown or an ejection ends, a slow-start step, a low quota resets). Picks themselves then
 * cost what the selector costs.
 */
export class EligibilityView {
  readonly standing: Uint8Array;
  readonly effectiveWeight: Float64Array;
  /** In-flight cap: maxInFlight, and halfOpenRequests while half-open; Infinity = none. */
  readonly cap: Float64Array;
  /** Effective weight ÷ (weight × the tier's highest slow-start factor): round-robin's smoothing. */
  readonly relative: Float64Array;
  /** Per tier: cumulative effective weight over the tier's members (for weighted draws). */
  readonly prefix: Float64Array;
  readonly tierEligible: Int32Array;
  readonly loads: number[];
  readonly eligibleCount: number;
  /** Rebuild once `now` reaches this. */
  readonly validUntil: number;

  constructor(
    targets: readonly ViewTarget[],
    tiers: readonly ViewTier[],
    factsOf: (id: string) => TargetFacts,
    settings: ViewSettings,
    readonly builtAt: number,
    readonly revision: number | undefined,
  ) {
    const count = targets.length;
    this.standing = new Uint8Array(count);
    this.effectiveWeight = new Float64Array(count);
    this.cap = new Float64Array(count);
    this.relative = new Float64Array(count);
    this.prefix = new Float64Array(count);
    this.tierEligible = new Int32Array(tiers.length);
    const pass: Pass = { targets, factsOf, settings, validUntil: Infinity, eligibleCount: 0 };
    this.loads = priorityLoads(tiers.map((tier, tierIndex) => this.measureTier(tier, tierIndex, pass)));
    this.eligibleCount = pass.eligibleCount;
    this.validUntil = pass.validUntil;
  }

  /** Whether this view still describes `now` for a live store at `revision`. */
  fresh(now: number, revision: number | undefined): boolean {
    return revision !== undefined && revision === this.revision && now >= this.builtAt && now < this.validUntil;
  }

  /** A member of the tier drawn in proportion to effective weight (global index), or -1. */
  sample(tier: ViewTier, draw: number): number {
    const total = tier.end > tier.start ? this.prefix[tier.end - 1]! : 0;
    if (total <= 0) return -1;
    const wanted = draw * total;
    let low = tier.start;
    let high = tier.end - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.prefix[middle]! <= wanted) low = middle + 1;
      else high = middle;
    }
    return low;
  }
  /** Fills the tier's members and returns the tier's health (Envoy's overprovisioned share). */
  private measureTier(tier: ViewTier, tierIndex: number, pass: Pass): number {
    const now = this.builtAt;
    let enabledWeight = 0;
    let eligibleWeight = 0;
    let topFactor = 0;
    for (let index = tier.start; index < tier.end; index++) {
      const target = pass.targets[index]!;
      const facts = pass.factsOf(target.id);
      pass.validUntil = Math.min(pass.validUntil, nextTimedChange(facts, now));
      this.cap[index] = target.maxInFlight > 0 ? target.maxInFlight : Infinity;
      if (facts.admin !== 'enabled' || target.weight <= 0) continue;
      enabledWeight += target.weight;
      this.standing[index] = standingOf(facts, now);
      if (this.standing[index] !== Standing.Eligible) continue;
      const factor = this.admit(index, target, facts, pass);
      topFactor = Math.max(topFactor, factor);
      eligibleWeight += target.weight * factor;
      pass.eligibleCount++;
      this.tierEligible[tierIndex]!++;
    }
    let cumulative = 0;
    for (let index = tier.start; index < tier.end; index++) {
      if (topFactor > 0) this.relative[index]! /= topFactor;
      cumulative += this.effectiveWeight[index]!;
      this.prefix[index] = cumulative;
    }
    return tierHealth(eligibleWeight, enabledWeight, pass.settings.overprovisioningFactor);
  }

  /**
   * An eligible member's factor on its weight: slow start (half-open circuits take 0.1 and a trial
   * cap) times the quota factor of a quota-aware upstream; returns the factor.
   */
  private admit(index: number, target: ViewTarget, facts: TargetFacts, pass: Pass): number {
    const now = this.builtAt;
    const { slowStartMs, halfOpenRequests } = pass.settings;
    let factor = 1;
    if (circuitAt(facts, now) === 'half-open') {
      factor = HALF_OPEN_FACTOR;
      this.cap[index] = Math.min(this.cap[index]!, target.halfOpenRequests ?? halfOpenRequests);
    } else {
      const recoveredAt = lastRecoveryAt(facts, now);
      if (recoveredAt !== null && slowStartMs > 0 && now - recoveredAt < slowStartMs) {
        const stepMs = slowStartMs / SLOW_START_STEPS;
        const steps = Math.floor((now - recoveredAt) / stepMs);
        factor = Math.max(HALF_OPEN_FACTOR, steps / SLOW_START_STEPS);
        pass.validUntil = Math.min(pass.validUntil, recoveredAt + (steps + 1) * stepMs);
      }
    }
    factor *= this.quotaFactor(target.id, pass);
    this.effectiveWeight[index] = target.weight * factor;
    this.relative[index] = factor;
    return factor;
  }

  /** max(0.05, share ÷ 0.2) while a budget is under 20 %, else 1; the view is rebuilt when that budget resets. */
  private quotaFactor(id: string, pass: Pass): number {
    const quota = pass.settings.quotaOf?.(id);
    if (!quota) return 1;
    const resetAt = nextQuotaReset(quota, this.builtAt);
    if (resetAt !== null) pass.validUntil = Math.min(pass.validUntil, resetAt);
    return quotaWeightFactor(quota, this.builtAt);
  }
}

/** The inputs of one build and what it accumulates across tiers. */
interface Pass {
  readonly targets: readonly ViewTarget[];
  readonly factsOf: (id: string) => TargetFacts;
  readonly settings: ViewSettings;
  validUntil: number;
  eligibleCount: number;
}

/** An enabled member with weight: eligible, or why not (fail-open may still use a held-back one). */
function standingOf(facts: TargetFacts, now: number): number {
  if (credentialsRejected(facts)) return Standing.Rejected;
  const heldBack = !(facts.active === 'healthy' || facts.active === 'off') || circuitAt(facts, now) === 'open';
  if (isCoolingDown(facts, now)) return heldBack ? Standing.CoolingAndHeldBack : Standing.CoolingOnly;
  return heldBack ? Standing.HeldBack : Standing.Eligible;
}

/** When an open circuit or a cooldown ends by itself: the view must be rebuilt then. */
function nextTimedChange(facts: TargetFacts, now: number): number {
  let at = Infinity;
  if (facts.circuit === 'open' && facts.circuitOpenUntil !== null && facts.circuitOpenUntil > now) at = facts.circuitOpenUntil;
  if (facts.cooldownUntil !== null && facts.cooldownUntil > now) at = Math.min(at, facts.cooldownUntil);
  return at;
}
