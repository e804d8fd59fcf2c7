import { describe, expect, it } from 'vitest';
import type { BalancerSettings } from './balancer.ts';
import { Balancer } from './balancer.ts';
import type { CredentialsFact } from './health/credentials.ts';
import type { TargetFacts } from './health/facts.ts';
import { initialFacts } from './health/facts.ts';
import type { Algorithm } from './model/upstream.ts';
import type { BalancerTarget, LiveTargets, Pick } from './pick.ts';
import { manualClock, seededRandom } from './ports.ts';
import type { QuotaState } from './quota/quota-state.ts';
import { EMPTY_QUOTA } from './quota/quota-state.ts';
import { observeTargetQuota } from './quota/target-quota.ts';

// The balancer with AI-service upstreams: quota-aware weights (the spec's factor
// max(0.05, share ÷ 0.2) below 20 %, until the reset) and the credentials fact, on a fake clock.

const START = 1_800_000_000_000;
const REJECTED: CredentialsFact = { status: 'rejected', reason: 'credentials rejected (401)', since: START };
const target = (id: string, weight = 100, priority = 0): BalancerTarget => ({ id, weight, priority, maxInFlight: 0 });

interface FakeLive extends LiveTargets {
  setQuota(id: string, quota: QuotaState): void;
  readonly load: Map<string, number>;
}

/** A live store with a revision, as the runtime's: the view is cached between picks. */
function live(facts: Record<string, Partial<TargetFacts>> = {}): FakeLive {
  const quotas = new Map<string, QuotaState>();
  const load = new Map<string, number>();
  let revision = 0;
  return {
    load,
    facts: (id) => ({ ...initialFacts('enabled', false), ...facts[id] }),
    inFlight: (id) => load.get(id) ?? 0,
    revision: () => revision,
    quota: (id) => quotas.get(id) ?? null,
    setQuota(id, quota) {
      quotas.set(id, quota);
      revision++;
    },
  };
}

const settings = (extra: Partial<BalancerSettings> = {}): BalancerSettings => ({
  slowStartMs: 0,
  failOpen: false,
  random: seededRandom(11),
  ...extra,
});

/** A budget of 100 requests with `remaining` left, resetting at `resetAt`. */
const budget = (remaining: number, resetAt: number): QuotaState => ({ requests: { remaining, limit: 100, resetAt }, tokens: null });

const label = (pick: Pick) => (pick.kind === 'target' ? pick.target.id : pick.kind);

/**
 * Each target's share of `picks` picks at `now`. With `concurrency`, the last that many picks are
 * still in flight (what least-connections and latency balance on: idle, the heaviest always wins).
 */
function shares(balancer: Balancer, state: LiveTargets, now: number, picks = 6_000, concurrency = 0): Record<string, number> {
  const counts: Record<string, number> = {};
  const load = (state as Partial<FakeLive>).load;
  const inFlight: string[] = [];
  for (let index = 0; index < picks; index++) {
    const id = label(balancer.pick(state, now));
    counts[id] = (counts[id] ?? 0) + 1;
    if (!load || concurrency === 0) continue;
    inFlight.push(id);
    load.set(id, (load.get(id) ?? 0) + 1);
    if (inFlight.length > concurrency) {
      const done = inFlight.shift()!;
      load.set(done, load.get(done)! - 1);
    }
  }
  load?.clear();
  return Object.fromEntries(Object.entries(counts).map(([id, count]) => [id, count / picks]));
}

const three = () => [target('a'), target('b'), target('c')];
// a at weight × 0.25 beside two at full weight: 25 ÷ 225 of the traffic.
const LOWERED_SHARE = 25 / 225;

describe('quota-aware routing', () => {
  // Round-robin follows effective weight exactly; least-connections by in-flight per weight, to within rounding of whole requests.
  it.each<{ algorithm: Algorithm; concurrency: number; digits: number }>([
    { algorithm: 'round-robin', concurrency: 0, digits: 2 },
    { algorithm: 'least-connections', concurrency: 30, digits: 1 },
  ])(
    '$algorithm: a target at a 5 percent share takes weight × 0.25 until its reset, then its full share',
    ({ algorithm, concurrency, digits }) => {
      const clock = manualClock(START);
      const state = live();
      const balancer = new Balancer(three(), settings({ algorithm }));
      state.setQuota('a', budget(5, START + 30_000));
      expect(shares(balancer, state, clock.now(), 6_000, concurrency).a).toBeCloseTo(LOWERED_SHARE, digits);
      clock.advance(29_999);
      expect(shares(balancer, state, clock.now(), 6_000, concurrency).a).toBeCloseTo(LOWERED_SHARE, digits);
      // No new fact and no revision: the view rebuilds by itself once the window resets.
      clock.advance(1);
      expect(shares(balancer, state, clock.now(), 6_000, concurrency).a).toBeCloseTo(1 / 3, digits);
    },
  );

  it('latency: a target at a 5 percent share draws a quarter as often and loses more comparisons, until its reset', () => {
    const clock = manualClock(START);
    const state = live();
    const balancer = new Balancer(three(), settings({ algorithm: 'latency' }));
    state.setQuota('a', budget(5, START + 30_000));
    const lowered = shares(balancer, state, clock.now(), 6_000, 30).a!;
    expect(lowered).toBeGreaterThan(0.02);
    expect(lowered).toBeLessThan(LOWERED_SHARE + 0.01);
    clock.advance(30_000);
    expect(shares(balancer, state, clock.now(), 6_000, 30).a).toBeCloseTo(1 / 3, 1);
  });

  it('round-robin follows the lowered weight exactly, every cycle', () => {
    const state = live();
    const balancer = new Balancer(three(), settings());
    state.setQuota('a', budget(5, START + 30_000));
    expect(shares(balancer, state, START, 900)).toEqual({ a: 1 / 9, b: 4 / 9, c: 4 / 9 });
  });

  it('leaves weights as they are when the upstream is not quota-aware', () => {
    const state = live();
    const balancer = new Balancer(three(), settings({ quotaAware: false }));
    state.setQuota('a', budget(0, START + 30_000));
    expect(shares(balancer, state, START, 900)).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
  });

  it('a budget at or above 20 % keeps the full weight', () => {
    const state = live();
    const balancer = new Balancer(three(), settings());
    state.setQuota('a', budget(20, START + 30_000));
    expect(shares(balancer, state, START, 900)).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
  });

  it('an exhausted tier spills to the next one by the lowered weight (factor 0.05)', () => {
    const state = live();
    const balancer = new Balancer([target('a'), target('b'), target('c', 100, 1)], settings());
    state.setQuota('a', budget(0, START + 30_000));
    state.setQuota('b', budget(0, START + 30_000));
    const [first, second] = balancer.tierShares(state, START);
    expect(first!.share).toBeCloseTo(1.4 * 0.05, 6);
    expect(second!.share).toBeCloseTo(1 - 1.4 * 0.05, 6);
    expect(balancer.tierShares(state, START + 30_000)[0]!.share).toBe(1);
  });

  it('a live store without budgets changes nothing', () => {
    const balancer = new Balancer(three(), settings());
    const state: LiveTargets = { facts: () => initialFacts('enabled', false), inFlight: () => 0 };
    expect(shares(balancer, state, START, 900)).toEqual({ a: 1 / 3, b: 1 / 3, c: 1 / 3 });
  });
});

describe('observeTargetQuota: when the view must be rebuilt', () => {
  const headers = (remaining: number) => ({
    'x-ratelimit-limit-requests': '100',
    'x-ratelimit-remaining-requests': String(remaining),
    'x-ratelimit-reset-requests': '30s',
  });

  it('reports reweighted only when the factor (or its reset) changes', () => {
    const high = observeTargetQuota(EMPTY_QUOTA, headers(50), START);
    expect(high.reweighted).toBe(false);
    expect(high.state.requests).toEqual({ remaining: 50, limit: 100, resetAt: START + 30_000 });
    const low = observeTargetQuota(high.state, headers(10), START);
    expect(low.reweighted).toBe(true);
    // Same whole percent, same reset: the view stays.
    expect(observeTargetQuota(low.state, headers(10), START)).toEqual({ state: low.state, reweighted: false });
    expect(observeTargetQuota(low.state, headers(9), START).reweighted).toBe(true);
  });

  it('a response without rate-limit headers keeps the very same state', () => {
    const state = observeTargetQuota(EMPTY_QUOTA, headers(5), START).state;
    expect(observeTargetQuota(state, { 'content-type': 'application/json' }, START)).toEqual({ state, reweighted: false });
  });
});

describe('credentials rejected', () => {
  it('is never picked while others can take the traffic', () => {
    const balancer = new Balancer(three(), settings());
    const state = live({ a: { credentials: REJECTED } });
    expect(shares(balancer, state, START, 900)).toEqual({ b: 0.5, c: 0.5 });
  });

  it('is never picked by fail-open either', () => {
    const pair = () => new Balancer([target('a'), target('b')], settings({ failOpen: true }));
    const state = live({ a: { credentials: REJECTED }, b: { active: 'unhealthy' } });
    expect(shares(pair(), state, START, 50)).toEqual({ b: 1 });
    const allRejected = live({ a: { credentials: REJECTED }, b: { credentials: REJECTED } });
    expect(pair().pick(allRejected, START)).toEqual({ kind: 'none', reason: 'no-eligible' });
  });

  it('counts as enabled weight, so its tier spills', () => {
    const balancer = new Balancer([target('a'), target('b'), target('c', 100, 1)], settings());
    const state = live({ a: { credentials: REJECTED } });
    expect(balancer.tierShares(state, START).map(({ share }) => share)).toEqual([0.7, expect.closeTo(0.3, 9)]);
  });

  it('is no candidate for the cooling-down answer: the others cooling down still give a 429', () => {
    const balancer = new Balancer([target('a'), target('b')], settings());
    const state = live({ a: { credentials: REJECTED }, b: { cooldownUntil: START + 4_000 } });
    expect(balancer.pick(state, START)).toEqual({ kind: 'cooling-down', retryAfterMs: 4_000 });
  });
});
