import { z } from 'zod';
import { healthCheckOverridesSchema } from './health-checks.ts';
import { headerMap, host, int, port } from './rules.ts';

export const adminStates = ['enabled', 'draining', 'disabled'] as const;
export type AdminState = (typeof adminStates)[number];

export const targetSchema = z.strictObject({
  host,
  port,
  protocol: z.enum(['http', 'https']).default('http'),
  tlsVerify: z.boolean().default(true),
  caCert: z.string().max(65_536).optional(),
  weight: int(0, 1_000).default(100), // 0 = off the rotation but still checked
  priority: int(0, 1_000).default(0), // 0 = first tier
  maxInFlight: int(0, 1_000_000).default(0), // 0 = no limit
  adminState: z.enum(adminStates).default('enabled'),
  headers: headerMap.default({}), // injected; values are secrets
  healthChecks: healthCheckOverridesSchema.prefault({}),
});

/** What an admin call or a config file gives for a target (defaults not yet applied). */
export type TargetInput = z.input<typeof targetSchema>;
/** A target's configuration with every default applied. */
export type TargetSettings = z.output<typeof targetSchema>;

/** Changing any of these makes the edited target a new one (fresh facts and counters). */
export const targetIdentityFields = ['host', 'port', 'protocol'] as const;
