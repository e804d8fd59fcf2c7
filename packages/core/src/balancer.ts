import type { Algorithm } from './model/upstream.ts';
import type { Random } from './ports.ts';
import { seededRandom } from './ports.ts';
import { EdfRoundRobin } from './selection/edf-round-robin.ts';
import { EligibilityView, Standing } from './selection/eligibility-view.ts';
import type { ViewTier } from './selection/eligibility-view.ts';
import { fmix32, hashString } from './selection/hash.ts';
import { HashRing } from './selection/hash-ring.ts';
import { LatencyPowerOfTwo } from './selection/latency-p2c.ts';
import { LeastConnections } from './selection/least-connections.ts';
import { tierFor } from './selection/priority-load.ts';
import type { SelectionContext, Selector } from './selection/selector.ts';
import { Candidates } from './candidates.ts';
import type { BalancerTarget, LiveTargets, Pick, PickRequest } from './pick.ts';

export interface BalancerSettings {
  readonly slowStartMs: number;
  readonly failOpen: boolean;
  /** Lower the weight of targets whose rate-limit budgets run low (`LiveTargets.quota`); default true, as the spec says. */
  readonly quotaAware?: boolean | undefined;
  readonly algorithm?: Algorithm | undefined; // round-robin
  readonly overprovisioningFactor?: number | undefined; // 1.4
  readonly halfOpenRequests?: number | undefined; // 3
  /** Tier draws, latency draws and keyless hashing; a fixed-seed generator when omitted. */
  readonly random?: Random | undefined;
}

type Mode = 'eligible' | 'fail-open';

interface Tier extends ViewTier {
  readonly selector: Selector;
  readonly context: SelectionContext;
}

const EMPTY: ReadonlySet<string> = new Set();
const LATENCY_VIEW_MAX_AGE_MS = 1_000;

/**
 * Built once per config snapshot of an upstream (never per request). The balancer filters
 * (eligibility, tried, full), tiers spill by health (Envoy), and each tier's selector orders.
 */
export class Balancer {
  private readonly targets: readonly BalancerTarget[];
  private readonly tiers: readonly Tier[];
  private readonly algorithm: Algorithm;
  private readonly random: Random;
  private readonly credits: Float64Array;
  private view: EligibilityView | undefined;
  private medians: number[] = [];
  // The pick in progress, read by the tiers' selection contexts (no allocation per pick).
  private live!: LiveTargets;
  private tried: ReadonlySet<string> = EMPTY;
  private mode: Mode = 'eligible';
  private keyHash: number | null = null;
  private randomStart = 0;

  constructor(
    targets: readonly BalancerTarget[],
    private readonly settings: BalancerSettings,
  ) {
    this.algorithm = settings.algorithm ?? 'round-robin';
    this.random = settings.random ?? seededRandom();
    this.targets = [...targets].sort((a, b) => a.priority - b.priority);
    this.credits = new Float64Array(this.targets.length);
    const tiers: Tier[] = [];
    for (let start = 0; start < this.targets.length; ) {
      let end = start;
      while (end < this.targets.length && this.targets[end]!.priority === this.targets[start]!.priority) end++;
      const members = this.targets.slice(start, end);
      tiers.push({ start, end, selector: this.selectorFor(members), context: this.contextFor(start, tiers.length) });
      start = end;
    }
    this.tiers = tiers;
  }

  /** The ordered candidates of one request: each `next(now)` recomputes eligibility and never repeats a target. */
  candidates(live: LiveTargets, request: PickRequest = {}): Candidates {
    const key = request.hashKey;
    const keyHash = this.algorithm === 'consistent-hash' && key ? hashString(key) : null;
    const randomStart = this.algorithm === 'consistent-hash' && keyHash === null ? this.random.next() : 0;
    return new Candidates(this, live, keyHash, randomStart);
  }

  /**
   * Each tier's share of new requests by the spill rule as of `now` (best first, with its
   * priority), from the same eligibility view picks use: what the measured shares converge to.
   * Every share is 0 while no target is eligible (fail-open or a 503 then decides).
   */
  tierShares(live: LiveTargets, now: number): Array<{ priority: number; share: number }> {
    const view = this.viewFor(live, now);
    return this.tiers.map((tier, index) => ({ priority: this.targets[tier.start]!.priority, share: view.loads[index]! }));
  }

  /** One pick; `tried` holds targets this request already used. Prefer `candidates()` for requests that may retry. */
  pick(live: LiveTargets, now: number, tried: ReadonlySet<string> = EMPTY): Pick {
    const randomStart = this.algorithm === 'consistent-hash' ? this.random.next() : 0;
    return this.select(live, now, tried, null, randomStart);
  }

  /** @internal Used by Candidates. */
  select(live: LiveTargets, now: number, tried: ReadonlySet<string>, keyHash: number | null, randomStart: number): Pick {
    this.live = live;
    this.tried = tried;
    this.keyHash = keyHash;
    this.randomStart = randomStart;
    const view = this.viewFor(live, now);
    if (view.eligibleCount > 0) {
      this.mode = 'eligible';
      const first = tierFor(view.loads, this.tierDraw(view));
      const order = [first, ...this.tiers.keys()].filter((tier, at) => tier >= 0 && (at === 0 || tier !== first));
      for (const tier of order) {
        if (view.tierEligible[tier]! === 0) continue;
        const picked = this.pickIn(tier);
        if (picked) return { kind: 'target', target: picked, failOpen: false, tier };
      }
      return { kind: 'none', reason: 'exhausted' };
    }
    return this.nothingEligible(view, now);
  }

  private pickIn(tier: number): BalancerTarget | null {
    const { start, selector, context } = this.tiers[tier]!;
    const local = selector.choose(context);
    return local < 0 ? null : this.targets[start + local]!;
  }

  private tierDraw(view: EligibilityView): number {
    let tiersWithLoad = 0;
    for (const load of view.loads) if (load > 0) tiersWithLoad++;
    if (tiersWithLoad <= 1) return 0;
    // A keyed request lands in the same tier every time, so spilling keeps affinity.
    return this.keyHash !== null ? fmix32(this.keyHash ^ 0x27d4eb2f) / 4_294_967_296 : this.random.next();
  }

  private nothingEligible(view: EligibilityView, now: number): Pick {
    let candidates = 0;
    let coolingOnly = 0;
    let soonest = Infinity;
    this.targets.forEach((target, index) => {
      const standing = view.standing[index]!;
      // A target that refused its own credentials is no candidate at all, not even for fail-open.
      if (standing === Standing.Off || standing === Standing.Rejected || this.tried.has(target.id)) return;
      candidates++;
      if (standing !== Standing.CoolingOnly) return;
      coolingOnly++;
      soonest = Math.min(soonest, this.live.facts(target.id).cooldownUntil! - now);
    });
    if (candidates > 0 && coolingOnly === candidates) return { kind: 'cooling-down', retryAfterMs: Math.max(1, soonest) };
    if (this.settings.failOpen) {
      this.mode = 'fail-open';
      for (let tier = 0; tier < this.tiers.length; tier++) {
        const picked = this.pickIn(tier);
        if (picked) return { kind: 'target', target: picked, failOpen: true, tier };
      }
    }
    return { kind: 'none', reason: 'no-eligible' };
  }

  private viewFor(live: LiveTargets, now: number): EligibilityView {
    const revision = live.revision?.();
    const view = this.view;
    if (view?.fresh(now, revision) && (this.algorithm !== 'latency' || now - view.builtAt < LATENCY_VIEW_MAX_AGE_MS)) return view;
    // Made only for a rebuild: picks from a fresh view (nearly all of them) allocate nothing here.
    const quotaOf = this.settings.quotaAware !== false && live.quota ? (id: string) => live.quota!(id) : undefined;
    const next = new EligibilityView(
      this.targets,
      this.tiers,
      (id) => live.facts(id),
      {
        slowStartMs: this.settings.slowStartMs,
        overprovisioningFactor: this.settings.overprovisioningFactor ?? 1.4,
        halfOpenRequests: this.settings.halfOpenRequests ?? 3,
        quotaOf,
      },
      now,
      revision,
    );
    if (this.algorithm === 'latency') this.medians = this.tiers.map((tier) => this.medianLatency(tier, next, live));
    this.view = next;
    return next;
  }

  /** A target without samples starts at its tier's median, so it is neither shunned nor flooded. */
  private medianLatency(tier: ViewTier, view: EligibilityView, live: LiveTargets): number {
    const known: number[] = [];
    for (let index = tier.start; index < tier.end; index++) {
      const value = view.standing[index] === Standing.Eligible ? live.latencyMs?.(this.targets[index]!.id) : null;
      if (value !== null && value !== undefined) known.push(value);
    }
    if (known.length === 0) return 1;
    known.sort((a, b) => a - b);
    const middle = known.length >> 1;
    return known.length % 2 === 1 ? known[middle]! : (known[middle - 1]! + known[middle]!) / 2;
  }

  private selectorFor(members: readonly BalancerTarget[]): Selector {
    const weights = members.map((target) => target.weight);
    switch (this.algorithm) {
      case 'round-robin':
        return new EdfRoundRobin(weights);
      case 'least-connections':
        return new LeastConnections(members.length);
      case 'latency':
        return new LatencyPowerOfTwo(members.length);
      case 'consistent-hash':
        return new HashRing(
          members.map((target) => target.id),
          weights,
        );
    }
  }

  private contextFor(start: number, tierIndex: number): SelectionContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const balancer = this;
    const smoothing = this.algorithm === 'round-robin';
    return {
      accept: (local, lastResort) => {
        const index = start + local;
        const target = balancer.targets[index]!;
        const view = balancer.view!;
        const standing = view.standing[index]!;
        if (balancer.mode === 'fail-open') {
          if (standing !== Standing.Eligible && standing !== Standing.HeldBack) return false;
          if (balancer.tried.has(target.id)) return false;
          return target.maxInFlight <= 0 || balancer.live.inFlight(target.id) < target.maxInFlight;
        }
        if (standing !== Standing.Eligible || balancer.tried.has(target.id)) return false;
        if (balancer.live.inFlight(target.id) >= view.cap[index]!) return false;
        if (!smoothing || lastResort) return true;
        // Slow start for round-robin: a member at a fraction f of the tier's top factor takes
        // every 1/f-th of its turns (deterministic credit), so picks follow effective weight
        // while the schedule itself stays untouched.
        const relative = view.relative[index]!;
        if (relative >= 1) return true;
        balancer.credits[index]! += relative;
        if (balancer.credits[index]! < 1 - 1e-9) return false; // 10 × 0.1 falls just short of 1 in floating point
        balancer.credits[index]! -= 1;
        return true;
      },
      weight: (local) => {
        const index = start + local;
        if (balancer.mode === 'fail-open') return balancer.targets[index]!.weight;
        return balancer.view!.effectiveWeight[index]!;
      },
      inFlight: (local) => balancer.live.inFlight(balancer.targets[start + local]!.id),
      latencyMs: (local) => balancer.live.latencyMs?.(balancer.targets[start + local]!.id) ?? balancer.medians[tierIndex] ?? 1,
      sample: (draw) => {
        if (balancer.mode === 'fail-open') return -1;
        const index = balancer.view!.sample(balancer.tiers[tierIndex]!, draw);
        return index < 0 ? -1 : index - start;
      },
      get random() {
        return balancer.random;
      },
      get keyHash() {
        return balancer.keyHash;
      },
      get randomStart() {
        return balancer.randomStart;
      },
    };
  }
}
