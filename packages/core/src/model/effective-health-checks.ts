import {
  activeHealthCheckSchema,
  passiveHealthCheckSchema,
  type ActiveHealthCheck,
  type HealthCheckOverrides,
  type HealthChecks,
  type PassiveHealthCheck,
} from './health-checks.ts';

export interface EffectiveHealthChecks {
  /** null = this target is not probed. */
  readonly active: ActiveHealthCheck | null;
  readonly passive: PassiveHealthCheck;
}

/**
 * A target's health-check settings: its overrides over the upstream's. An `active` block on
 * the target turns probing on for that target alone (spec defaults fill the rest); nested
 * `healthy` / `unhealthy` blocks merge field by field.
 */
export function effectiveHealthChecks(upstream: HealthChecks, overrides: HealthCheckOverrides): EffectiveHealthChecks {
  const activeOverride = overrides.active;
  let active = upstream.active;
  if (activeOverride) {
    const base = upstream.active ?? activeHealthCheckSchema.parse({});
    active = activeHealthCheckSchema.parse({
      ...base,
      ...activeOverride,
      healthy: { ...base.healthy, ...activeOverride.healthy },
      unhealthy: { ...base.unhealthy, ...activeOverride.unhealthy },
    });
  }
  const passive = overrides.passive ? passiveHealthCheckSchema.parse({ ...upstream.passive, ...overrides.passive }) : upstream.passive;
  return { active, passive };
}
