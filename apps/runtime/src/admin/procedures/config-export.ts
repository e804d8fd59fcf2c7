import { z } from 'zod';
import { exportConfig, secretModes } from '../../config/export-config.ts';
import { configExportResultSchema } from '../outputs/config-export-result.ts';
import { adminProcedure } from '../trpc.ts';

/** The whole stored config as declarative YAML; secrets masked (default) or as `${VAR}` placeholders. */
export const exportConfigYaml = adminProcedure
  .input(z.strictObject({ secrets: z.enum(secretModes).default('masked') }).prefault({}))
  .output(configExportResultSchema)
  .query(async ({ ctx, input }) => ({ yaml: exportConfig(await ctx.repository.listUpstreams(), input.secrets) }));
