import { id } from '@headwater/core';
import { z } from 'zod';
import { deleteResultSchema } from '../outputs/delete-result.ts';
import { adminProcedure } from '../trpc.ts';

export const deleteTarget = adminProcedure
  .input(z.strictObject({ id }))
  .output(deleteResultSchema)
  .mutation(async ({ ctx, input }) => {
    await ctx.repository.deleteTarget(input.id);
    await ctx.config.reload();
    return { ok: true as const };
  });
