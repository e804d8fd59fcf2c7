import { id } from '@headwater/core';
import { z } from 'zod';
import { adminProcedure } from '../trpc.ts';

export const deleteTarget = adminProcedure.input(z.strictObject({ id })).mutation(async ({ ctx, input }) => {
  await ctx.repository.deleteTarget(input.id);
  await ctx.config.reload();
  return { ok: true as const };
});
