import { describe, expect, it } from 'vitest';
import { effectiveHealthChecks } from './effective-health-checks.ts';
import { healthCheckOverridesSchema, healthChecksSchema } from './health-checks.ts';

const upstream = (input: unknown) => healthChecksSchema.parse(input);
const overrides = (input: unknown) => healthCheckOverridesSchema.parse(input);

describe('effective health checks', () => {
  it('uses the upstream settings when the target overrides nothing', () => {
    const settings = upstream({ active: { path: '/ready' } });
    expect(effectiveHealthChecks(settings, overrides({}))).toEqual({ active: settings.active, passive: settings.passive });
  });

  it('turns probing on for one target with an active block, with the spec defaults', () => {
    const result = effectiveHealthChecks(upstream({}), overrides({ active: { path: '/v1/models' } }));
    expect(result.active).toMatchObject({
      path: '/v1/models',
      type: 'http',
      timeoutMs: 2_000,
      healthy: { intervalMs: 10_000, successes: 2 },
    });
    expect(effectiveHealthChecks(upstream({}), overrides({})).active).toBeNull();
  });

  it('merges nested blocks field by field over the upstream', () => {
    const result = effectiveHealthChecks(
      upstream({ active: { path: '/ready', unhealthy: { intervalMs: 500, timeouts: 1 } }, passive: { consecutiveFailures: 2 } }),
      overrides({ active: { unhealthy: { httpFailures: 7 } }, passive: { errorRatePct: 10 } }),
    );
    expect(result.active).toMatchObject({ path: '/ready', unhealthy: { intervalMs: 500, timeouts: 1, httpFailures: 7, tcpFailures: 3 } });
    expect(result.passive).toMatchObject({ consecutiveFailures: 2, errorRatePct: 10, windowMs: 10_000 });
  });
});

describe('health-check overrides', () => {
  it('keep only what the operator set, validated by the same rules', () => {
    expect(overrides({ active: { unhealthy: { httpFailures: 7 } } })).toEqual({ active: { unhealthy: { httpFailures: 7 } } });
    expect(healthCheckOverridesSchema.safeParse({ active: { timeoutMs: 0 } }).error?.issues[0]).toMatchObject({
      path: ['active', 'timeoutMs'],
      message: 'must be at least 1',
    });
    expect(healthCheckOverridesSchema.safeParse({ passive: { tries: 1 } }).success).toBe(false);
  });
});
