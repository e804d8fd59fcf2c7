import { z } from 'zod';
import { healthCheckOverridesSchema } from './health-checks.ts';
import { headerMap, host, int, port } from './rules.ts';

export const adminStates = ['enabled', 'draining', 'disabled'] as const;
export type AdminState = (typeof adminStates)[number];

export const targetSchema = z.strictObject({
  host: host.describe('IP address or DNS name (resolved with its TTL); also the Host header and TLS server name sent to it.'),
  port: port.describe('The port the target listens on.'),
  protocol: z.enum(['http', 'https']).default('http').describe('https speaks TLS to the target, verified by default.'),
  tlsVerify: z
    .boolean()
    .default(true)
    .describe("Check the target's certificate and name. Turn off only for a target you trust on a network you trust."),
  caCert: z
    .string()
    .max(65_536)
    .optional()
    .describe("PEM certificate of the authority that signed the target's certificate, when it is not a public one."),
  weight: int(0, 1_000).default(100).describe("Share of its tier's traffic; 0 = off the rotation but still checked."),
  priority: int(0, 1_000).default(0).describe('Tier: 0 is tried first; a higher tier gets what the tiers before it cannot take.'),
  maxInFlight: int(0, 1_000_000)
    .default(0)
    .describe('Most requests in flight at once; a full target is skipped for that pick, not marked unhealthy. 0 = no limit.'),
  adminState: z
    .enum(adminStates)
    .default('enabled')
    .describe('enabled takes traffic; draining finishes what is in flight, then disables; disabled takes none.'),
  headers: headerMap
    .default({})
    .describe("Injected into every request to this target, replacing the caller's (an API key, say): stored secret, shown masked."),
  healthChecks: healthCheckOverridesSchema
    .prefault({})
    .describe("This target's own health-check settings over the upstream's; an active block turns probing on for it alone."),
});

/** What an admin call or a config file gives for a target (defaults not yet applied). */
export type TargetInput = z.input<typeof targetSchema>;
/** A target's configuration with every default applied. */
export type TargetSettings = z.output<typeof targetSchema>;

/** Changing any of these makes the edited target a new one (fresh facts and counters). */
export const targetIdentityFields = ['host', 'port', 'protocol'] as const;
