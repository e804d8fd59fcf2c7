import { describe, expect, it } from 'vitest';
import type { BalancerSettings } from './balancer.ts';
import type { BalancerTarget, LiveTargets, Pick } from './pick.ts';
import { Balancer } from './balancer.ts';
import type { TargetFacts } from './health/facts.ts';
import { initialFacts } from './health/facts.ts';
import type { Algorithm } from './model/upstream.ts';
import { seededRandom } from './ports.ts';

const target = (id: string, weight = 100, priority = 0, maxInFlight = 0): BalancerTarget => ({ id, weight, priority, maxInFlight });

interface FakeLive extends LiveTargets {
  set(id: string, facts: Partial<TargetFacts>): void;
  load: Record<string, number>;
  latency: Record<string, number>;
}
function live(overrides: Record<string, Partial<TargetFacts>> = {}, load: Record<string, number> = {}, withRevision = false): FakeLive {
  const facts = new Map<string, TargetFacts>();
  let revision = 0;
  const latency: Record<string, number> = {};
  const state: FakeLive = {
    facts: (id) => facts.get(id) ?? { ...initialFacts('enabled', false), ...overrides[id] },
    inFlight: (id) => load[id] ?? 0,
    latencyMs: (id) => latency[id] ?? null,
    set(id, change) {
      facts.set(id, { ...state.facts(id), ...change });
      revision++;
    },
    load,
    latency,
  };
  if (withRevision) state.revision = () => revision;
  return state;
}
const settings = (extra: Partial<BalancerSettings> = {}): BalancerSettings => ({
  slowStartMs: 0,
  failOpen: false,
  random: seededRandom(7),
  ...extra,
});
const label = (pick: Pick) => (pick.kind === 'target' ? pick.target.id : pick.kind);
const ids = (balancer: Balancer, state: LiveTargets, count: number, now = 0) =>
  Array.from({ length: count }, () => label(balancer.pick(state, now)));
const counts = (picks: string[]) => {
  const all: Record<string, number> = {};
  for (const id of picks) all[id] = (all[id] ?? 0) + 1;
  return all;
};

describe('balancer: eligibility', () => {
  it('spreads by weight inside the first tier', () => {
    const balancer = new Balancer([target('a', 300), target('b', 100), target('c', 100, 1)], settings());
    expect(counts(ids(balancer, live(), 8))).toEqual({ a: 6, b: 2 });
  });

  it('skips disabled, draining, awaiting, unhealthy, open, cooling, weight-0, tried and full targets', () => {
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'];
    const balancer = new Balancer(
      names.map((id) => target(id, id === 'g' ? 0 : 100, 0, id === 'f' ? 1 : 0)),
      settings(),
    );
    const state = live(
      {
        a: { admin: 'disabled' },
        b: { admin: 'draining' },
        c: { active: 'unhealthy' },
        d: { circuit: 'open', circuitOpenUntil: 99 },
        h: { active: 'awaiting' },
        i: { cooldownUntil: 50 },
      },
      { f: 1 },
    );
    expect(new Set(ids(balancer, state, 9))).toEqual(new Set(['e']));
    expect(balancer.pick(state, 0, new Set(['e']))).toEqual({ kind: 'none', reason: 'exhausted' });
  });

  it('a full target (maxInFlight) is skipped for that pick only', () => {
    const balancer = new Balancer([target('a', 100, 0, 2), target('b')], settings());
    const state = live({}, { a: 2 });
    expect(new Set(ids(balancer, state, 4))).toEqual(new Set(['b']));
    state.load.a = 1;
    expect(new Set(ids(balancer, state, 4))).toEqual(new Set(['a', 'b']));
  });
});

describe('balancer: priority tiers', () => {
  it('moves to the next tier when the first has nothing eligible', () => {
    const balancer = new Balancer([target('a', 100, 0), target('b', 100, 1)], settings());
    expect(ids(balancer, live({ a: { active: 'unhealthy' } }), 3)).toEqual(['b', 'b', 'b']);
  });

  it.each([
    ['all healthy: tier 0 takes everything', 0, 0],
    ['2 of 10 down: 8 × 1.4 > 10, still everything', 2, 0],
    ['5 of 10 down: health 0.7, 30 % spills', 5, 0.3],
    ['8 of 10 down: health 0.28, 72 % spills', 8, 0.72],
  ])('%s', (_name, down, spill) => {
    const first = Array.from({ length: 10 }, (_, index) => target(`p0-${index}`, 100, 0));
    const balancer = new Balancer([...first, target('p1', 100, 1)], settings());
    const overrides = Object.fromEntries(first.slice(0, down).map((t) => [t.id, { active: 'unhealthy' as const }]));
    const picks = ids(balancer, live(overrides), 10_000);
    expect(picks.filter((id) => id === 'p1').length / picks.length).toBeCloseTo(spill, 1);
    // The computed shares are the ones the picks converged to.
    const [best, next] = balancer.tierShares(live(overrides), 0);
    expect([best!.priority, best!.share, next!.priority, next!.share]).toEqual([
      0,
      expect.closeTo(1 - spill, 9),
      1,
      expect.closeTo(spill, 9),
    ]);
  });

  it('traffic comes back gradually: tier health counts slow start', () => {
    const balancer = new Balancer([target('a', 100, 0), target('b', 100, 1)], settings({ slowStartMs: 10_000 }));
    const state = live({ a: { recoveredAt: 0 } });
    const share = (now: number) => ids(balancer, state, 4_000, now).filter((id) => id === 'a').length / 4_000;
    expect(share(1_000)).toBeCloseTo(0.14, 1); // factor 0.1 × 1.4
    expect(share(5_000)).toBeCloseTo(0.7, 1); // factor 0.5 × 1.4
    expect(share(10_000)).toBe(1);
  });
});

describe('balancer: slow start and half-open', () => {
  it('ramps a recovered target by weight × max(0.1, elapsed ÷ slowStartMs)', () => {
    const balancer = new Balancer([target('a'), target('b')], settings({ slowStartMs: 10_000 }));
    const state = live({ b: { recoveredAt: 0 } });
    expect(ids(balancer, state, 110, 1_000).filter((id) => id === 'b')).toHaveLength(10); // 10 against 100
    expect(ids(balancer, state, 150, 5_000).filter((id) => id === 'b')).toHaveLength(50); // 50 against 100
    expect(ids(balancer, state, 110, 500).filter((id) => id === 'b')).toHaveLength(10); // floor at 0.1
  });

  it('a half-open circuit takes traffic at factor 0.1 with at most halfOpenRequests in flight', () => {
    const balancer = new Balancer([target('a'), target('b')], settings({ halfOpenRequests: 2 }));
    const state = live({ b: { circuit: 'open', circuitOpenUntil: 500 } });
    expect(ids(balancer, state, 20, 400)).not.toContain('b'); // still open
    expect(ids(balancer, state, 110, 1_000).filter((id) => id === 'b')).toHaveLength(10);
    state.load.b = 2;
    expect(ids(balancer, state, 110, 1_000)).not.toContain('b');
  });
});

describe('balancer: nothing eligible', () => {
  it('answers cooling-down with the smallest remaining time when every candidate only cools down', () => {
    const balancer = new Balancer([target('a'), target('b'), target('c', 0)], settings());
    const state = live({ a: { cooldownUntil: 5_000 }, b: { cooldownUntil: 2_000 } });
    expect(balancer.pick(state, 1_000)).toEqual({ kind: 'cooling-down', retryAfterMs: 1_000 });
  });

  it('answers none (503) when some candidates are down for other reasons', () => {
    const balancer = new Balancer([target('a'), target('b')], settings());
    const state = live({ a: { cooldownUntil: 5_000 }, b: { active: 'unhealthy' } });
    expect(balancer.pick(state, 1_000)).toEqual({ kind: 'none', reason: 'no-eligible' });
  });

  it('fails open over enabled weight>0 targets of the best tier, ignoring health and circuits but not cooldown', () => {
    const balancer = new Balancer(
      [target('a'), target('b'), target('c', 0), target('d', 100, 0), target('z', 100, 1)],
      settings({ failOpen: true }),
    );
    const state = live({
      a: { active: 'unhealthy' },
      b: { cooldownUntil: 10_000 },
      d: { admin: 'disabled' },
      z: { circuit: 'open', circuitOpenUntil: 99_999 },
    });
    const picks = Array.from({ length: 6 }, () => balancer.pick(state, 0));
    for (const pick of picks) expect(pick).toMatchObject({ kind: 'target', target: { id: 'a' }, failOpen: true });
  });

  it('without failOpen, nothing eligible is none', () => {
    const balancer = new Balancer([target('a')], settings());
    expect(balancer.pick(live({ a: { circuit: 'open', circuitOpenUntil: 10 } }), 0)).toEqual({ kind: 'none', reason: 'no-eligible' });
  });
});

describe('balancer: candidates for retries', () => {
  it('never repeats a target, crosses tiers, then is exhausted', () => {
    const balancer = new Balancer([target('a'), target('b'), target('c', 100, 1)], settings());
    const attempts = balancer.candidates(live());
    const seen = [attempts.next(0), attempts.next(0), attempts.next(0), attempts.next(0)].map(label);
    expect(new Set(seen.slice(0, 3))).toEqual(new Set(['a', 'b', 'c']));
    expect(seen[3]).toBe('none');
  });

  it('recomputes eligibility before each attempt', () => {
    const state = live({}, {}, true);
    const balancer = new Balancer([target('a'), target('b'), target('c')], settings());
    const attempts = balancer.candidates(state);
    const first = label(attempts.next(0));
    const others = ['a', 'b', 'c'].filter((id) => id !== first);
    state.set(others[0]!, { active: 'unhealthy' });
    expect(label(attempts.next(1))).toBe(others[1]);
  });

  it('consistent hashing: the same key, the same target; a retry walks to the next distinct one', () => {
    const targets = ['a', 'b', 'c', 'd'].map((id) => target(id));
    const balancer = new Balancer(targets, settings({ algorithm: 'consistent-hash' }));
    const first = balancer.candidates(live(), { hashKey: 'user-42' });
    const again = balancer.candidates(live(), { hashKey: 'user-42' });
    const a1 = label(first.next(0));
    expect(label(again.next(0))).toBe(a1);
    const a2 = label(first.next(0));
    expect(a2).not.toBe(a1);
    expect(label(balancer.candidates(live({ [a1]: { active: 'unhealthy' } }), { hashKey: 'user-42' }).next(0))).toBe(a2);
  });

  it('consistent hashing ignores slow start', () => {
    const balancer = new Balancer([target('a'), target('b')], settings({ algorithm: 'consistent-hash', slowStartMs: 10_000 }));
    const picks = Array.from({ length: 400 }, (_, index) =>
      label(balancer.candidates(live({ a: { recoveredAt: 0 } }), { hashKey: `k${index}` }).next(100)),
    );
    expect(picks.filter((id) => id === 'a').length).toBeGreaterThan(120);
  });
});

describe('balancer: load-aware algorithms', () => {
  it('least-connections: fewest in flight per unit of weight', () => {
    const balancer = new Balancer([target('a', 100), target('b', 300)], settings({ algorithm: 'least-connections' }));
    expect(label(balancer.pick(live({}, { a: 1, b: 3 }), 0))).toBe('b'); // 2/100 vs 4/300
    expect(label(balancer.pick(live({}, { a: 1, b: 6 }), 0))).toBe('a'); // 2/100 vs 7/300
  });

  it('least-connections shares sequential traffic between equal idle targets', () => {
    const balancer = new Balancer([target('a'), target('b'), target('c')], settings({ algorithm: 'least-connections' }));
    expect(new Set(ids(balancer, live(), 3))).toEqual(new Set(['a', 'b', 'c']));
  });

  it('latency: prefers the faster target by peak-EWMA × in-flight', () => {
    const balancer = new Balancer([target('fast'), target('slow')], settings({ algorithm: 'latency' }));
    const state = live();
    state.latency.fast = 100;
    state.latency.slow = 400;
    expect(counts(ids(balancer, state, 1_000)).slow ?? 0).toBeLessThan(300);
    state.load.fast = 10; // 100 × 11 > 400 × 1
    expect(counts(ids(balancer, state, 1_000)).slow).toBeGreaterThan(700);
  });

  it('latency: a new target starts at its tier median', () => {
    const balancer = new Balancer(
      ['a', 'b', 'c', 'new'].map((id) => target(id)),
      settings({ algorithm: 'latency' }),
    );
    const state = live();
    Object.assign(state.latency, { a: 100, b: 200, c: 900 });
    const share = counts(ids(balancer, state, 4_000));
    // Median of 100, 200, 900 is 200: the newcomer competes like b, not like an idle 0 ms target.
    expect(Math.abs(share.new! - share.b!) / share.b!).toBeLessThan(0.25);
    expect(share.new).toBeLessThan(share.a!);
  });
});

describe('balancer: cached view', () => {
  it('reuses the view while the revision holds, and sees a change as soon as it moves', () => {
    const state = live({}, {}, true);
    const balancer = new Balancer([target('a'), target('b')], settings());
    expect(new Set(ids(balancer, state, 4))).toEqual(new Set(['a', 'b']));
    state.set('a', { active: 'unhealthy' });
    expect(new Set(ids(balancer, state, 4))).toEqual(new Set(['b']));
  });

  it('refreshes at time boundaries (a cooldown ending) without a revision change', () => {
    const state = live({ a: { cooldownUntil: 1_000 } }, {}, true);
    const balancer = new Balancer([target('a'), target('b')], settings());
    expect(new Set(ids(balancer, state, 4, 0))).toEqual(new Set(['b']));
    expect(new Set(ids(balancer, state, 4, 1_000))).toEqual(new Set(['a', 'b']));
  });

  it.each<Algorithm>(['round-robin', 'least-connections', 'latency', 'consistent-hash'])(
    '%s returns none for an empty upstream',
    (algorithm) => {
      expect(new Balancer([], settings({ algorithm })).pick(live(), 0)).toEqual({ kind: 'none', reason: 'no-eligible' });
    },
  );
});
