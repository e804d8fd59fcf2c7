import { describe, expect, it } from 'vitest';
import type { BalancerTarget, LiveTargets } from './balancer.ts';
import { Balancer } from './balancer.ts';
import type { TargetFacts } from './health/facts.ts';
import { initialFacts } from './health/facts.ts';

const target = (id: string, weight = 100, priority = 0, maxInFlight = 0): BalancerTarget => ({ id, weight, priority, maxInFlight });

function live(overrides: Record<string, Partial<TargetFacts>> = {}, inFlight: Record<string, number> = {}): LiveTargets {
  return {
    facts: (id) => ({ ...initialFacts('enabled', false), ...overrides[id] }),
    inFlight: (id) => inFlight[id] ?? 0,
  };
}
const settings = { slowStartMs: 0, failOpen: false };
const ids = (balancer: Balancer, state: LiveTargets, count: number, now = 0) =>
  Array.from({ length: count }, () => {
    const pick = balancer.pick(state, now);
    return pick.kind === 'target' ? pick.target.id : pick.kind;
  });

describe('balancer', () => {
  it('spreads by weight inside the first tier', () => {
    const balancer = new Balancer([target('a', 300), target('b', 100), target('c', 100, 1)], settings);
    expect(ids(balancer, live(), 8).sort().join('')).toBe('aaaaaabb');
  });

  it('skips disabled, draining, unhealthy, open and tried targets, and full ones', () => {
    const targets = ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => target(id, 100, 0, id === 'f' ? 1 : 0));
    const balancer = new Balancer(targets, settings);
    const state = live(
      { a: { admin: 'disabled' }, b: { admin: 'draining' }, c: { active: 'unhealthy' }, d: { circuit: 'open' } },
      { f: 1 },
    );
    expect(new Set(ids(balancer, state, 6))).toEqual(new Set(['e']));
    expect(balancer.pick(state, 0, new Set(['e']))).toEqual({ kind: 'none', reason: 'exhausted' });
  });

  it('moves to the next tier when the first has nothing eligible', () => {
    const balancer = new Balancer([target('a', 100, 0), target('b', 100, 1)], settings);
    expect(ids(balancer, live({ a: { active: 'unhealthy' } }), 3)).toEqual(['b', 'b', 'b']);
  });

  it('answers cooling-down with the smallest remaining time when every candidate cools down', () => {
    const balancer = new Balancer([target('a'), target('b'), target('c', 0)], settings);
    const state = live({ a: { cooldownUntil: 5_000 }, b: { cooldownUntil: 2_000 } });
    expect(balancer.pick(state, 1_000)).toEqual({ kind: 'cooling-down', retryAfterMs: 1_000 });
  });

  it('fails open over enabled targets but never over cooling ones', () => {
    const balancer = new Balancer([target('a'), target('b')], { slowStartMs: 0, failOpen: true });
    const state = live({ a: { active: 'unhealthy' }, b: { cooldownUntil: 10_000 } });
    expect(balancer.pick(state, 0)).toMatchObject({ kind: 'target', target: { id: 'a' }, failOpen: true });
  });

  it('ramps a recovered target by slow start', () => {
    const balancer = new Balancer([target('a'), target('b')], { slowStartMs: 10_000, failOpen: false });
    const state = live({ b: { recoveredAt: 0 } });
    const picks = ids(balancer, state, 110, 1_000); // b at factor 0.1 => weight 10 against 100
    expect(picks.filter((id) => id === 'b')).toHaveLength(10);
  });
});
