import { z } from 'zod';
import { durationMs, headerMap, int, statusList } from './rules.ts';

// Every default below is the spec's, stated once. docs/configuration.md mirrors this file.

export const activeHealthCheckSchema = z.strictObject({
  type: z.enum(['http', 'https', 'tcp']).default('http'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS']).default('GET'),
  // Sent as the request target of every probe: a space or control character would make every
  // probe fail in the gateway, and the target would be judged for it.
  path: z
    .string()
    .startsWith('/', { error: 'must start with "/"', abort: true })
    .max(2_048, { error: 'must be at most 2048 characters' })
    .regex(/^[\x21-\x7E]*$/, { error: 'must be visible ASCII characters only (no spaces or control characters)' })
    .default('/health'),
  headers: headerMap.default({}),
  body: z.string().max(65_536, { error: 'must be at most 65536 characters' }).optional(),
  expectedStatuses: statusList.default(['200-299']),
  timeoutMs: durationMs(1, 600_000).default(2_000),
  concurrency: int(1, 1_000).default(10),
  healthy: z
    .strictObject({
      intervalMs: durationMs(0).default(10_000), // 0 = do not probe healthy targets
      successes: int(1, 255).default(2),
    })
    .prefault({}),
  unhealthy: z
    .strictObject({
      intervalMs: durationMs(1).default(2_000), // must be > 0 while checks are on
      httpFailures: int(1, 255).default(3),
      tcpFailures: int(1, 255).default(3),
      timeouts: int(1, 255).default(3),
    })
    .prefault({}),
});

export const passiveHealthCheckSchema = z.strictObject({
  unhealthyStatuses: statusList.default([500, 502, 503, 504]),
  consecutiveFailures: int(1, 10_000).default(5),
  errorRatePct: int(1, 100).default(50),
  windowMs: durationMs(1_000).default(10_000),
  minRequests: int(1, 1_000_000).default(20),
  baseEjectionMs: durationMs(1).default(30_000),
  maxEjectionMs: durationMs(1).default(300_000),
  halfOpenRequests: int(1, 1_000).default(3),
  maxEjectionPct: int(0, 100).default(50),
});

/** Active checks are on when `active` is present (not null); passive checks always are. */
export const healthChecksSchema = z.strictObject({
  active: activeHealthCheckSchema.nullable().default(null),
  passive: passiveHealthCheckSchema.prefault({}),
});

/**
 * The same rules with every field optional and no defaults filled in, nested blocks included.
 * An override must hold only what the operator set: `.partial()` alone would keep the
 * defaults, and a default in an override would silently replace the upstream's setting.
 */
function overridable<T extends z.ZodObject>(schema: T): z.ZodType<DeepPartial<z.output<T>>, DeepPartial<z.input<T>>> {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => {
      let inner = field as z.ZodType;
      while (inner instanceof z.ZodDefault || inner instanceof z.ZodPrefault) inner = inner.unwrap() as z.ZodType;
      if (inner instanceof z.ZodObject) inner = overridable(inner) as unknown as z.ZodType;
      return [key, inner.optional()];
    }),
  );
  return z.strictObject(shape) as unknown as z.ZodType<DeepPartial<z.output<T>>, DeepPartial<z.input<T>>>;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends Record<string, unknown> ? DeepPartial<T[K]> : T[K] };

/**
 * Per-target overrides: any field of the upstream's settings. An `active` block here turns
 * probing on for that target alone. Stored as given; merged over the upstream's settings
 * when the runtime builds its snapshot.
 */
export const healthCheckOverridesSchema = z.strictObject({
  active: overridable(activeHealthCheckSchema).optional(),
  passive: overridable(passiveHealthCheckSchema).optional(),
});

export type ActiveHealthCheck = z.infer<typeof activeHealthCheckSchema>;
export type PassiveHealthCheck = z.infer<typeof passiveHealthCheckSchema>;
export type HealthChecks = z.infer<typeof healthChecksSchema>;
export type HealthCheckOverrides = z.infer<typeof healthCheckOverridesSchema>;
