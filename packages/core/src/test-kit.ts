// Shared fixtures for core's tests (not exported from the package): the spec's default
// settings, parsed by the same schemas the runtime uses, and a healthy target.
import { initialHealth } from './health/target-health.ts';
import type { TargetHealth } from './health/target-health.ts';
import { activeHealthCheckSchema, passiveHealthCheckSchema } from './model/health-checks.ts';
import type { ActiveHealthCheck, PassiveHealthCheck } from './model/health-checks.ts';

export const activeDefaults: ActiveHealthCheck = activeHealthCheckSchema.parse({});
export const passiveDefaults: PassiveHealthCheck = passiveHealthCheckSchema.parse({});
export const probeSettings = { active: activeDefaults, passive: passiveDefaults };
export const roomy = { ejected: 0, limit: 10 };

/** An enabled target past its slow start, active checks off unless asked. */
export function healthy(activeChecksOn = false): TargetHealth {
  const health = initialHealth('enabled', activeChecksOn, -1_000_000);
  if (!activeChecksOn) return health;
  return {
    ...health,
    facts: { ...health.facts, active: 'healthy', activeReason: '2 successes' },
    active: { ...health.active, everHealthy: true, lastProbeAt: -1_000_000 },
  };
}

export function withFacts(health: TargetHealth, facts: Partial<TargetHealth['facts']>): TargetHealth {
  return { ...health, facts: { ...health.facts, ...facts } };
}
