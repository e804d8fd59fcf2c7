import { z } from 'zod';
import { applyConfigText, type EnvironmentVariables } from '../../config/declarative.ts';
import { applySummarySchema } from '../outputs/apply-summary.ts';
import { adminProcedure } from '../trpc.ts';

/** The largest config text an import accepts. */
export const MAX_IMPORT_BYTES = 1_048_576;

/**
 * The environment an import through the API may read: `HEADWATER_*` variables only (the
 * names `config.export` writes as placeholders), never the admin token. Otherwise anyone
 * with the token could lift any of the process's secrets (DATABASE_URL, say) into a header
 * sent to a target of their choosing. The start-up file (HEADWATER_CONFIG) is the operator's
 * own and may read any variable.
 */
export function importableEnv(env: EnvironmentVariables): EnvironmentVariables {
  return Object.fromEntries(Object.entries(env).filter(([name]) => name.startsWith('HEADWATER_') && name !== 'HEADWATER_ADMIN_TOKEN'));
}

/**
 * Applies declarative YAML exactly as `HEADWATER_CONFIG` is applied on start; `dryRun`
 * validates and reports what would change, storing nothing. An invalid text stores nothing.
 */
export const importConfigYaml = adminProcedure
  .input(
    z.strictObject({
      yaml: z.string().refine((text) => Buffer.byteLength(text, 'utf8') <= MAX_IMPORT_BYTES, {
        error: `must be at most 1 MiB (${MAX_IMPORT_BYTES} bytes)`,
        abort: true,
      }),
      dryRun: z.boolean().default(false),
    }),
  )
  .output(applySummarySchema)
  .mutation(async ({ ctx, input }) => {
    const env = importableEnv(ctx.env);
    if (input.dryRun) return applyConfigText(input.yaml, 'yaml', ctx.repository, env, { dryRun: true });
    try {
      return await applyConfigText(input.yaml, 'yaml', ctx.repository, env);
    } finally {
      await ctx.config.reload(); // also after a failed write part-way, so this node serves what is stored
    }
  });
