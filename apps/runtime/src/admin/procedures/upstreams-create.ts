import { upstreamSchema } from '@headwater/core';
import { upstreamViewSchema } from '../outputs/upstream-view.ts';
import { adminProcedure } from '../trpc.ts';
import { upstreamView } from '../views.ts';

export const createUpstream = adminProcedure
  .input(upstreamSchema)
  .output(upstreamViewSchema)
  .mutation(async ({ ctx, input }) => {
    const created = await ctx.repository.createUpstream(input);
    await ctx.config.reload();
    return upstreamView(created);
  });
