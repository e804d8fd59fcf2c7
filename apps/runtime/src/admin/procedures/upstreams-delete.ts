import { upstreamName } from '@headwater/core';
import { z } from 'zod';
import { expectedVersion } from '../inputs/expected-version.ts';
import { deleteResultSchema } from '../outputs/delete-result.ts';
import { adminProcedure } from '../trpc.ts';

export const deleteUpstream = adminProcedure
  .input(z.strictObject({ name: upstreamName, expectedVersion }))
  .output(deleteResultSchema)
  .mutation(async ({ ctx, input }) => {
    await ctx.repository.deleteUpstream(input.name, { expectedVersion: input.expectedVersion });
    await ctx.config.reload();
    return { ok: true as const };
  });
