import { describe, expect, it } from 'vitest';
import type { ActiveHealthCheck } from '../model/health-checks.ts';
import type { Random } from '../ports.ts';
import { activeDefaults, healthy, withFacts } from '../test-kit.ts';
import { nextProbeAt } from './probe-cadence.ts';
import type { TargetHealth } from './target-health.ts';
import { initialHealth } from './target-health.ts';

const noJitter: Random = { next: () => 0 };
const fullJitter: Random = { next: () => 0.999_999 };
const probedAt = (health: TargetHealth, at: number, counters: Partial<TargetHealth['active']> = {}): TargetHealth => ({
  ...health,
  active: { ...health.active, lastProbeAt: at, ...counters },
});
const unhealthy = (health: TargetHealth) => withFacts(health, { active: 'unhealthy', activeReason: '3 timeouts' });

describe('probe cadence', () => {
  it.each<[string, TargetHealth, number | null]>([
    ['awaiting its first check: at once', initialHealth('enabled', true, 0), 5_000],
    ['healthy: healthy.intervalMs after the last probe', probedAt(healthy(true), 1_000), 11_000],
    ['unhealthy: unhealthy.intervalMs', probedAt(unhealthy(healthy(true)), 1_000), 3_000],
    [
      'awaiting after a failed first probe: unhealthy.intervalMs',
      probedAt(initialHealth('enabled', true, 0), 1_000, { timeouts: 1 }),
      3_000,
    ],
    ['healthy with a failure (a flip may come): fast', probedAt(healthy(true), 1_000, { timeouts: 1 }), 3_000],
    ['unhealthy with a pass (a flip may come): fast', probedAt(unhealthy(healthy(true)), 1_000, { successes: 1 }), 3_000],
    ['draining: still probed', probedAt(withFacts(healthy(true), { admin: 'draining' }), 1_000), 11_000],
    ['disabled: not probed', probedAt(withFacts(healthy(true), { admin: 'disabled' }), 1_000), null],
    ['checks off: not probed', healthy(false), null],
    ['cooling down: not before the cooldown ends', probedAt(withFacts(healthy(true), { cooldownUntil: 60_000 }), 1_000), 60_000],
  ])('%s', (_name, health, expected) => {
    expect(nextProbeAt(health, activeDefaults, noJitter, 5_000)).toBe(expected);
  });

  it('healthy.intervalMs 0 means healthy targets are not probed, unhealthy ones still are', () => {
    const settings: ActiveHealthCheck = { ...activeDefaults, healthy: { ...activeDefaults.healthy, intervalMs: 0 } };
    expect(nextProbeAt(probedAt(healthy(true), 1_000), settings, noJitter, 5_000)).toBeNull();
    expect(nextProbeAt(probedAt(unhealthy(healthy(true)), 1_000), settings, noJitter, 5_000)).toBe(3_000);
  });

  it('jitter shortens an interval by up to 10 %, never lengthens it', () => {
    const health = probedAt(healthy(true), 0);
    expect(nextProbeAt(health, activeDefaults, fullJitter, 0)).toBeCloseTo(9_000, 0);
    expect(nextProbeAt(health, activeDefaults, { next: () => 0.5 }, 0)).toBe(9_500);
  });
});
