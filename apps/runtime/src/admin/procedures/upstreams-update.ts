import { upstreamName, upstreamPatchSchema } from '@headwater/core';
import { z } from 'zod';
import { adminProcedure } from '../trpc.ts';
import { upstreamView } from '../views.ts';

export const updateUpstream = adminProcedure
  .input(z.strictObject({ name: upstreamName, changes: upstreamPatchSchema }))
  .mutation(async ({ ctx, input }) => {
    const updated = await ctx.repository.updateUpstream(input.name, input.changes);
    await ctx.config.reload();
    return upstreamView(updated);
  });
