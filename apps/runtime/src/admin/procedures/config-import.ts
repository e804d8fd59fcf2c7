import { z } from 'zod';
import { applyConfigText } from '../../config/declarative.ts';
import { applySummarySchema } from '../outputs/apply-summary.ts';
import { adminProcedure } from '../trpc.ts';

/** The largest config text an import accepts. */
export const MAX_IMPORT_BYTES = 1_048_576;

/**
 * Applies declarative YAML as `HEADWATER_CONFIG` is applied on start, in one transaction: all
 * of it is stored, or nothing. `dryRun` validates and reports what would change, storing nothing.
 *
 * `${VAR}` reads the runtime's environment only in secret fields (a target's headers values, a
 * proxy password), which are never shown again, and never the runtime's own settings
 * (`HEADWATER_*`, `DATABASE_URL`, `PG*`). Anywhere else, anyone holding the token could read a
 * variable back through `upstreams.get`, or send the secret key to a target of their choosing.
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
    const variables = { values: ctx.env, allowedIn: 'secret-fields' } as const;
    const summary = await applyConfigText(input.yaml, 'yaml', ctx.repository, variables, { dryRun: input.dryRun });
    if (!input.dryRun) await ctx.config.reload();
    return summary;
  });
