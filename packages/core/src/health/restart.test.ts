import { describe, expect, it } from 'vitest';
import { activeHealthCheckSchema, passiveHealthCheckSchema } from '../model/health-checks.ts';
import { observeProbe } from './active-checks.ts';
import { slowStartFactor } from './slow-start.ts';
import { initialHealth } from './target-health.ts';

const settings = { active: activeHealthCheckSchema.parse({}), passive: passiveHealthCheckSchema.parse({}) };
const pass = { kind: 'status', status: 200 } as const;

describe('a restart is not a recovery', () => {
  it('starts a known target at full weight, a new one with slow start', () => {
    expect(slowStartFactor(initialHealth('enabled', false, 1_000, true).facts.recoveredAt, 30_000, 1_000)).toBe(1);
    expect(slowStartFactor(initialHealth('enabled', false, 1_000).facts.recoveredAt, 30_000, 1_000)).toBe(0.1);
  });

  it('lets a known target pass its first check without slow start, but a new one ramps from its first pass', () => {
    const known = observeProbe(initialHealth('enabled', true, 0, true), pass, settings, 500).state.facts;
    expect(known).toMatchObject({ active: 'healthy', recoveredAt: null });
    const fresh = observeProbe(initialHealth('enabled', true, 0), pass, settings, 500).state.facts;
    expect(fresh).toMatchObject({ active: 'healthy', recoveredAt: 500 });
  });

  it('still ramps a known target that really recovers later', () => {
    let health = observeProbe(initialHealth('enabled', true, 0, true), pass, settings, 100).state;
    for (let probe = 1; probe <= 3; probe++) health = observeProbe(health, { kind: 'timeout' }, settings, 100 + probe).state;
    expect(health.facts.active).toBe('unhealthy');
    for (let probe = 1; probe <= 2; probe++) health = observeProbe(health, pass, settings, 200 + probe).state;
    expect(health.facts).toMatchObject({ active: 'healthy', recoveredAt: 202 });
  });
});
