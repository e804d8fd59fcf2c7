import type { TargetFacts } from '../health/facts.ts';
import { circuitAt, isCoolingDown, lastRecoveryAt } from '../health/facts.ts';
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
}

/** Slow start is applied in 1 % steps, so a cached view stays exact to within 1 % of the ramp. */
export const SLOW_START_STEPS = 100;
/** Half-open circuits take traffic at this slow-start factor. */
export const HALF_OPEN_FACTOR = 0.1;

/**
 * Everything the balancer derives from live facts for one upstream, computed in one O(n)
 * pass and reused by every pick until a fact changes (the live store's revision) or a time
 * boundary passes (a cooldown or an ejection ends, a slow-start step). Picks themselves then
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
    const now = builtAt;
    const count = targets.length;
    this.standing = new Uint8Array(count);
    this.effectiveWeight = new Float64Array(count);
    this.cap = new Float64Array(count);
    this.relative = new Float64Array(count);
    this.prefix = new Float64Array(count);
    this.tierEligible = new Int32Array(tiers.length);
    let validUntil = Infinity;
    let eligibleCount = 0;
    const healths: number[] = [];
    const stepMs = settings.slowStartMs / SLOW_START_STEPS;

    tiers.forEach((tier, tierIndex) => {
      let enabledWeight = 0;
      let eligibleWeight = 0;
      let topFactor = 0;
      for (let index = tier.start; index < tier.end; index++) {
        const target = targets[index]!;
        const facts = factsOf(target.id);
        const circuit = circuitAt(facts, now);
        if (facts.circuit === 'open' && facts.circuitOpenUntil !== null && facts.circuitOpenUntil > now)
          validUntil = Math.min(validUntil, facts.circuitOpenUntil);
        if (facts.cooldownUntil !== null && facts.cooldownUntil > now) validUntil = Math.min(validUntil, facts.cooldownUntil);
        this.cap[index] = target.maxInFlight > 0 ? target.maxInFlight : Infinity;
        if (facts.admin !== 'enabled' || target.weight <= 0) continue;
        enabledWeight += target.weight;
        const heldBack = !(facts.active === 'healthy' || facts.active === 'off') || circuit === 'open';
        const cooling = isCoolingDown(facts, now);
        this.standing[index] = cooling
          ? heldBack
            ? Standing.CoolingAndHeldBack
            : Standing.CoolingOnly
          : heldBack
            ? Standing.HeldBack
            : Standing.Eligible;
        if (this.standing[index] !== Standing.Eligible) continue;

        let factor = 1;
        if (circuit === 'half-open') {
          factor = HALF_OPEN_FACTOR;
          this.cap[index] = Math.min(this.cap[index]!, target.halfOpenRequests ?? settings.halfOpenRequests);
        } else {
          const recoveredAt = lastRecoveryAt(facts, now);
          if (recoveredAt !== null && settings.slowStartMs > 0 && now - recoveredAt < settings.slowStartMs) {
            const steps = Math.floor((now - recoveredAt) / stepMs);
            factor = Math.max(HALF_OPEN_FACTOR, steps / SLOW_START_STEPS);
            validUntil = Math.min(validUntil, recoveredAt + (steps + 1) * stepMs);
          }
        }
        this.effectiveWeight[index] = target.weight * factor;
        this.relative[index] = factor;
        topFactor = Math.max(topFactor, factor);
        eligibleWeight += target.weight * factor;
        eligibleCount++;
        this.tierEligible[tierIndex]!++;
      }
      let cumulative = 0;
      for (let index = tier.start; index < tier.end; index++) {
        if (topFactor > 0) this.relative[index]! /= topFactor;
        cumulative += this.effectiveWeight[index]!;
        this.prefix[index] = cumulative;
      }
      healths.push(tierHealth(eligibleWeight, enabledWeight, settings.overprovisioningFactor));
    });
    this.loads = priorityLoads(healths);
    this.eligibleCount = eligibleCount;
    this.validUntil = validUntil;
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
}
