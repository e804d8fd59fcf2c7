import { hostname } from 'node:os';
import { z } from 'zod';
import type { EnvironmentVariables } from './config/declarative.ts';

// The runtime's environment, read once. Every variable is documented in docs/configuration.md.
const portVar = z.coerce
  .number({ error: 'must be a port number (0 = any free port)' })
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be a port number from 0 to 65535' })
  .max(65_535, { error: 'must be a port number from 0 to 65535' });
const msVar = z.coerce
  .number({ error: 'must be a number of milliseconds' })
  .int({ error: 'must be a whole number' })
  .min(0, { error: 'must be at least 0' });

const schema = z.object({
  DATABASE_URL: z.string().min(1).optional(),
  HEADWATER_DATA_PORT: portVar.default(8080),
  HEADWATER_ADMIN_PORT: portVar.default(8081),
  HEADWATER_BIND: z.string().min(1).default('0.0.0.0'),
  HEADWATER_ADMIN_TOKEN: z.string().min(16, { error: 'must be at least 16 characters' }).optional(),
  HEADWATER_CONFIG: z.string().min(1).optional(),
  HEADWATER_SECRET_KEY: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
  HEADWATER_DATA_DIR: z.string().min(1).default('data'),
  HEADWATER_NODE_ID: z.string().min(1).default(hostname()),
  // Where the other nodes reach this node's admin API; unset: see fleet/advertised-admin-url.ts.
  HEADWATER_ADVERTISED_ADMIN_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL (where the other nodes reach this admin API)' })
    .transform((url) => url.replace(/\/+$/, ''))
    .optional(),
  HEADWATER_CONFIG_POLL_MS: msVar.default(1_000),
  HEADWATER_SHUTDOWN_DELAY_MS: msVar.default(5_000),
  HEADWATER_SHUTDOWN_GRACE_MS: msVar.default(30_000),
  HEADWATER_ACCESS_LOG: z.enum(['on', 'off']).default('on'),
  HEADWATER_EVENT_RETENTION_DAYS: z.coerce.number().min(0.001).max(3650).default(7),
  HEADWATER_CALLER_HEADERS_TIMEOUT_MS: msVar.default(30_000),
  HEADWATER_CALLER_BODY_IDLE_MS: msVar.default(60_000),
  HEADWATER_MAX_CONNECTIONS: z.coerce
    .number({ error: 'must be a number of connections' })
    .int({ error: 'must be a whole number' })
    .min(1, { error: 'must be at least 1' })
    .default(10_000),
  HEADWATER_RETRY_BUFFER_BUDGET_BYTES: z.coerce
    .number({ error: 'must be a number of bytes' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must be at least 0' })
    .default(256 * 1024 * 1024),
});

export type Env = z.infer<typeof schema>;

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return result.data;
}

/**
 * The variables `${VAR}` in a config file or an imported config may read: the process's whole
 * environment, unvalidated, since a config may name any variable it likes; which ones it may
 * read, and where they may stand, is decided in config/config-variables.ts (never the
 * runtime's own settings; through the API only in secret fields).
 */
export function configVariables(): EnvironmentVariables {
  return process.env;
}
