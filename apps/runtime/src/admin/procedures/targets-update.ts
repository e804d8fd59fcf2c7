import { id, targetPatchSchema } from '@headwater/core';
import { z } from 'zod';
import { targetViewSchema } from '../outputs/target-view.ts';
import { adminProcedure } from '../trpc.ts';
import { targetView } from '../views.ts';

export const updateTarget = adminProcedure
  .input(z.strictObject({ id, changes: targetPatchSchema }))
  .output(targetViewSchema)
  .mutation(async ({ ctx, input }) => {
    const updated = await ctx.repository.updateTarget(input.id, input.changes);
    await ctx.config.reload();
    return targetView(updated);
  });
