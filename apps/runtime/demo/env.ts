import { z } from 'zod';

// The demo's environment (`pnpm start`), read once. Each variable is the runtime's or the
// console's own, with the demo's defaults: a bad value stops the demo naming the variable.
const portVar = z.coerce
  .number({ error: 'must be a port number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be a port number from 1 to 65535' })
  .max(65_535, { error: 'must be a port number from 1 to 65535' });

const schema = z.object({
  HEADWATER_DATA_PORT: portVar.default(8080),
  HEADWATER_ADMIN_PORT: portVar.default(8081),
  /** The console's port. */
  PORT: portVar.default(3000),
  /** Defaults to data/ at the repository root. */
  HEADWATER_DATA_DIR: z.string().min(1).optional(),
  /** Defaults to demo.yaml beside this file. */
  HEADWATER_CONFIG: z.string().min(1).optional(),
  /** The demo stops at once on Ctrl-C: no front load balancer to wait for. */
  HEADWATER_SHUTDOWN_DELAY_MS: z.coerce.number({ error: 'must be a number of milliseconds' }).int().min(0).default(0),
  /** When set, the runtime uses it and the demo prints it; otherwise the generated one is read from the data folder. */
  HEADWATER_ADMIN_TOKEN: z.string().min(1).optional(),
});

export type DemoEnv = z.infer<typeof schema> & {
  /** The whole environment, which the runtime and console processes inherit. */
  readonly inherited: NodeJS.ProcessEnv;
};

export function readDemoEnv(): DemoEnv {
  const result = schema.safeParse(process.env);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment for the demo:\n${lines.join('\n')}`);
  }
  return { ...result.data, inherited: process.env };
}
