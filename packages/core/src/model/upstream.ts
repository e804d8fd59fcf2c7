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
  host,
  port,
  // Sent as `username:password` in Basic auth: a colon would split it at the wrong place.
  username: z
    .string()
    .max(256, { error: 'must be at most 256 characters' })
    .refine((name) => ![...name].some((char) => char === ':' || char < ' ' || char === '\u007f'), {
      error: 'must not contain ":" or control characters',
    })
    .optional(),
  password: z.string().max(1_024).optional(), // secret
});

export const timeoutsSchema = z.strictObject({
  connectMs: durationMs(1).default(5_000),
  headersMs: durationMs(1).default(600_000),
  bodyIdleMs: durationMs(1).default(300_000),
  totalMs: durationMs(0).default(0), // 0 = off
});

/** Everything about an upstream except its targets. */
export const upstreamSettingsSchema = z.strictObject({
  name: upstreamName,
  algorithm: z.enum(algorithms).default('round-robin'),
  hashOn: hashOn.optional(),
  retries: int(0, 10).default(2),
  retryOn: z
    .array(z.enum(retryOutcomes, { error: `must be one of ${retryOutcomes.join(', ')}` }))
    .default(['connect-error', 'reset', '502', '503', '504', '429']),
  retryBudgetPct: int(0, 100).default(20),
  retryBufferBytes: int(0, 1_073_741_824).default(8 * 1_048_576),
  timeouts: timeoutsSchema.prefault({}),
  slowStartMs: durationMs(0).default(30_000), // 0 = off
  overprovisioningFactor: z.number().min(1, { error: 'must be at least 1' }).max(10, { error: 'must be at most 10' }).default(1.4),
  drainTimeoutMs: durationMs(0).default(300_000),
  failOpen: z.boolean().default(false),
  healthChecks: healthChecksSchema.prefault({}),
  proxy: proxySchema.nullable().default(null),
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
export type Timeouts = z.output<typeof timeoutsSchema>;
