import { id } from '@headwater/core';
import { z } from 'zod';
import { expectedVersion } from '../inputs/expected-version.ts';
import { deleteResultSchema } from '../outputs/delete-result.ts';
import { adminProcedure } from '../trpc.ts';

export const deleteTarget = adminProcedure
  .input(z.strictObject({ id, expectedVersion }))
  .output(deleteResultSchema)
  .mutation(async ({ ctx, input }) => {
    await ctx.repository.deleteTarget(input.id, { expectedVersion: input.expectedVersion });
    await ctx.config.reload();
    return { ok: true as const };
  });
