import { upstreamName } from '@headwater/core';
import { z } from 'zod';
import { adminProcedure } from '../trpc.ts';

export const deleteUpstream = adminProcedure.input(z.strictObject({ name: upstreamName })).mutation(async ({ ctx, input }) => {
  await ctx.repository.deleteUpstream(input.name);
  await ctx.config.reload();
  return { ok: true as const };
});
