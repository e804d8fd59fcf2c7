import { z } from 'zod';
import { adminProcedure } from '../trpc.ts';

export const deleteTarget = adminProcedure
  .input(z.strictObject({ id: z.string().min(1) }))
  .mutation(async ({ ctx, input }) => {
    await ctx.repository.deleteTarget(input.id);
    await ctx.config.reload();
    return { ok: true as const };
  });
