import { z } from 'zod';
import { healthChecksSchema } from './health-checks.ts';
import { durationMs, host, int, port, upstreamName } from './rules.ts';
import { targetSchema } from './target.ts';

export const algorithms = ['round-robin', 'least-connections', 'latency', 'consistent-hash'] as const;
export type Algorithm = (typeof algorithms)[number];

export const retryOutcomes = ['connect-error', 'reset', 'timeout', '429', '502', '503', '504'] as const;
export type RetryOutcome = (typeof retryOutcomes)[number];

const hashOn = z.string().regex(/^(ip|header:[!#$%&'*+.^_`|~0-9A-Za-z-]+|cookie:[!#$%&'*+.^_`|~0-9A-Za-z-]+)$/, {
  error: 'must be "ip", "header:NAME" or "cookie:NAME"',
});

export const proxySchema = z.strictObject({
  host: host.describe("The proxy's IP address or DNS name."),
  port: port.describe('The port the proxy listens on for CONNECT.'),
  // Sent as `username:password` in Basic auth: a colon would split it at the wrong place.
  username: z
    .string()
    .max(256, { error: 'must be at most 256 characters' })
    .refine((name) => ![...name].some((char) => char === ':' || char < ' ' || char === '\u007f'), {
      error: 'must not contain ":" or control characters',
    })
    .optional()
    .describe('The Basic auth user for the proxy, if it asks for one.'),
  password: z.string().max(1_024).optional().describe('The Basic auth password: stored secret, never shown.'), // secret
});

export const timeoutsSchema = z.strictObject({
  connectMs: durationMs(1).default(5_000).describe('Time to connect to a target (TCP, and TLS for https).'),
  headersMs: durationMs(1)
    .default(600_000)
    .describe('Time from sending the request to the response headers: long, so non-streaming completions can finish.'),
  bodyIdleMs: durationMs(1).default(300_000).describe('The longest silence allowed between two chunks of a response body.'),
  totalMs: durationMs(0).default(0).describe('One deadline across all attempts of a request; 0 = off.'), // 0 = off
});

/** Everything about an upstream except its targets. */
export const upstreamSettingsSchema = z.strictObject({
  name: upstreamName.describe('Requests whose Host is this name, or whose path starts with /u/NAME/, go to this upstream.'),
  algorithm: z
    .enum(algorithms)
    .default('round-robin')
    .describe(
      'How a target is picked within a tier: round-robin (smooth weighted), least-connections (fewest in flight per weight), latency (time to first byte × in flight, two random choices), consistent-hash (a weighted ring on the hash key).',
    ),
  hashOn: hashOn
    .optional()
    .describe('consistent-hash only: what the ring hashes, header:NAME, cookie:NAME or ip. A request without it gets a random pick.'),
  retries: int(0, 10).default(2).describe('Extra attempts, each on another target, after a failure listed in retry on.'),
  retryOn: z
    .array(z.enum(retryOutcomes, { error: `must be one of ${retryOutcomes.join(', ')}` }))
    .default(['connect-error', 'reset', '502', '503', '504', '429'])
    .describe('Outcomes of an attempt that are retried on the next target, as long as no byte has gone to the caller.'),
  retryBudgetPct: int(0, 100)
    .default(20)
    .describe("Retries in flight stay under this share of the upstream's active requests (3 at once are always allowed)."),
  retryBufferBytes: int(0, 1_073_741_824)
    .default(8 * 1_048_576)
    .describe('Request bodies up to this size are kept so a retry can send them again; larger ones stream and are not retried.'),
  timeouts: timeoutsSchema.prefault({}).describe('Deadlines of each attempt, and of the whole request.'),
  slowStartMs: durationMs(0)
    .default(30_000)
    .describe('A target that recovers ramps from 10 % of its weight to all of it over this time; 0 = off.'), // 0 = off
  overprovisioningFactor: z
    .number()
    .min(1, { error: 'must be at least 1' })
    .max(10, { error: 'must be at most 10' })
    .default(1.4)
    .describe(
      'A tier keeps all its traffic while this factor × its healthy share of weight reaches 1; the rest spills to the next priority.',
    ),
  drainTimeoutMs: durationMs(0)
    .default(300_000)
    .describe('How long a draining target may finish its requests before they are aborted and it becomes disabled.'),
  failOpen: z
    .boolean()
    .default(false)
    .describe('When no target is eligible, pick an enabled one anyway (ignoring health and circuits) instead of answering 503.'),
  quotaAware: z
    .boolean()
    .default(true)
    .describe(
      'Read the rate-limit headers AI services send (x-ratelimit-*, anthropic-ratelimit-*): a target whose remaining requests or tokens fall below 20 % takes less traffic (weight × max(0.05, share ÷ 0.2)) until they reset, so traffic moves to keys with headroom before any 429.',
    ),
  healthChecks: healthChecksSchema.prefault({}).describe('Active probes and the passive circuit breaker.'),
  proxy: proxySchema
    .nullable()
    .default(null)
    .describe('An HTTP proxy that every connection to the targets goes through (CONNECT tunnels), probes included.'),
});

const withHashKey = <T extends { algorithm: Algorithm; hashOn?: string | undefined }>(value: T, ctx: z.RefinementCtx) => {
  if (value.algorithm === 'consistent-hash' && !value.hashOn) {
    ctx.addIssue({ code: 'custom', path: ['hashOn'], message: 'is required when algorithm is consistent-hash' });
  }
};

export const upstreamSchema = upstreamSettingsSchema
  .extend({ targets: z.array(targetSchema).max(10_000).default([]) })
  .superRefine((upstream, ctx) => {
    withHashKey(upstream, ctx);
    const seen = new Set<string>();
    upstream.targets.forEach((target, index) => {
      const key = `${target.host}:${target.port}`;
      if (seen.has(key)) ctx.addIssue({ code: 'custom', path: ['targets', index, 'port'], message: `duplicates target ${key}` });
      seen.add(key);
    });
  });

export type UpstreamInput = z.input<typeof upstreamSchema>;
export type UpstreamConfig = z.output<typeof upstreamSchema>;
export type UpstreamSettings = z.output<typeof upstreamSettingsSchema>;
export type ProxySettings = z.output<typeof proxySchema>;
export type ProxyInput = z.input<typeof proxySchema>;
export type Timeouts = z.output<typeof timeoutsSchema>;
