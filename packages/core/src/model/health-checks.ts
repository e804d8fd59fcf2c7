import { z } from 'zod';
import { durationMs, headerMap, int, statusList } from './rules.ts';

// Every default below is the spec's, stated once. docs/configuration.md mirrors this file.

export const activeHealthCheckSchema = z.strictObject({
  type: z
    .enum(['http', 'https', 'tcp'])
    .default('http')
    .describe('http and https ask for a path and judge the status; tcp only opens a connection.'),
  method: z.enum(['GET', 'HEAD', 'POST', 'PUT', 'OPTIONS']).default('GET').describe('The HTTP method of every probe.'),
  // Sent as the request target of every probe: a space or control character would make every
  // probe fail in the gateway, and the target would be judged for it.
  path: z
    .string()
    .startsWith('/', { error: 'must start with "/"', abort: true })
    .max(2_048, { error: 'must be at most 2048 characters' })
    .regex(/^[\x21-\x7E]*$/, { error: 'must be visible ASCII characters only (no spaces or control characters)' })
    .default('/health')
    .describe('The request path every probe asks for.'),
  headers: headerMap
    .default({})
    .describe("Headers sent with every probe, in clear (not secrets); the target's injected headers are sent too."),
  body: z
    .string()
    .max(65_536, { error: 'must be at most 65536 characters' })
    .optional()
    .describe('The request body of every probe, for a POST or PUT health endpoint.'),
  expectedStatuses: statusList.default(['200-299']).describe('Statuses that count as a pass: codes and NNN-NNN ranges.'),
  timeoutMs: durationMs(1, 600_000).default(2_000).describe('A probe not answered within this time counts as a timeout.'),
  concurrency: int(1, 1_000).default(10).describe("At most this many of the upstream's probes run at once."),
  healthy: z
    .strictObject({
      intervalMs: durationMs(0).default(10_000).describe('Time between probes of a healthy target; 0 = do not probe healthy targets.'),
      successes: int(1, 255).default(2).describe('Passes in a row that make an unhealthy target healthy.'),
    })
    .prefault({}),
  unhealthy: z
    .strictObject({
      intervalMs: durationMs(1)
        .default(2_000)
        .describe('Time between probes of an unhealthy target, and of a healthy one that has started failing.'),
      httpFailures: int(1, 255).default(3).describe('Probes in a row answered with an unexpected status that make a target unhealthy.'),
      tcpFailures: int(1, 255).default(3).describe('Probes in a row that could not connect that make a target unhealthy.'),
      timeouts: int(1, 255).default(3).describe('Probes in a row that timed out that make a target unhealthy.'),
    })
    .prefault({}),
});

export const passiveHealthCheckSchema = z.strictObject({
  unhealthyStatuses: statusList
    .default([500, 502, 503, 504])
    .describe(
      'Response statuses that count as a failure of the target (connect errors, resets and timeouts always do; a 429 is a cooldown).',
    ),
  consecutiveFailures: int(1, 10_000).default(5).describe('Failures in a row that open the circuit.'),
  errorRatePct: int(1, 100)
    .default(50)
    .describe('The failure rate over the window that opens the circuit, once the window holds the minimum requests.'),
  windowMs: durationMs(1_000).default(10_000).describe('The rolling window the error rate is measured over.'),
  minRequests: int(1, 1_000_000).default(20).describe('Requests the window must hold before its error rate can open the circuit.'),
  baseEjectionMs: durationMs(1).default(30_000).describe('How long an open circuit stays open, times the number of opens in a row.'),
  maxEjectionMs: durationMs(1).default(300_000).describe('The longest one ejection lasts, however many opens in a row.'),
  halfOpenRequests: int(1, 1_000)
    .default(3)
    .describe('Trial requests let through while half-open; that many successes close the circuit, one failure reopens it.'),
  maxEjectionPct: int(0, 100)
    .default(50)
    .describe('At most this share of the enabled targets is ejected at once (at least one always may be).'),
});

/** Active checks are on when `active` is present (not null); passive checks always are. */
export const healthChecksSchema = z.strictObject({
  active: activeHealthCheckSchema.nullable().default(null).describe('Probes sent on a schedule, whatever the traffic; on when present.'),
  passive: passiveHealthCheckSchema.prefault({}).describe('The circuit breaker, judging real traffic; always on.'),
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
