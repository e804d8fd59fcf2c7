import { upstreamName, upstreamPatchSchema } from '@headwater/core';
import { z } from 'zod';
import { upstreamViewSchema } from '../outputs/upstream-view.ts';
import { adminProcedure } from '../trpc.ts';
import { upstreamView } from '../views.ts';

export const updateUpstream = adminProcedure
  .input(z.strictObject({ name: upstreamName, changes: upstreamPatchSchema }))
  .output(upstreamViewSchema)
  .mutation(async ({ ctx, input }) => {
    const updated = await ctx.repository.updateUpstream(input.name, input.changes);
    await ctx.config.reload();
    return upstreamView(updated);
  });
