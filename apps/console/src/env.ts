import { z } from 'zod';

// The console's whole configuration, read once. Server-only: never import from a client component.

const schema = z.object({
  /** Base URL of the runtime's admin API (tRPC is served under `/trpc`). */
  HEADWATER_ADMIN_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8081' })
    .default('http://127.0.0.1:8081')
    .transform((url) => url.replace(/\/+$/, '')),
  /**
   * Mark the session cookie `Secure`. Default: only when the request itself came over HTTPS,
   * so a console on http://127.0.0.1 still works while one behind TLS never leaks the cookie.
   */
  HEADWATER_CONSOLE_SECURE_COOKIE: z.enum(['auto', 'true', 'false'], { error: 'must be auto, true or false' }).default('auto'),
});

export type ConsoleEnv = z.output<typeof schema>;

function parseEnv(source: NodeJS.ProcessEnv): ConsoleEnv {
  const result = schema.safeParse({
    HEADWATER_ADMIN_URL: source.HEADWATER_ADMIN_URL || undefined,
    HEADWATER_CONSOLE_SECURE_COOKIE: source.HEADWATER_CONSOLE_SECURE_COOKIE || undefined,
  });
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid console environment: ${problems.join('; ')}`);
  }
  return result.data;
}

export const env = parseEnv(process.env);
