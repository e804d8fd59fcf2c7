import { targetSchema, upstreamName } from '@headwater/core';
import { z } from 'zod';
import { expectedVersion } from '../inputs/expected-version.ts';
import { targetViewSchema } from '../outputs/target-view.ts';
import { adminProcedure } from '../trpc.ts';
import { targetView } from '../views.ts';

export const createTarget = adminProcedure
  .input(z.strictObject({ upstream: upstreamName, target: targetSchema, expectedVersion }))
  .output(targetViewSchema)
  .mutation(async ({ ctx, input }) => {
    const created = await ctx.repository.createTarget(input.upstream, input.target, { expectedVersion: input.expectedVersion });
    await ctx.config.reload();
    return targetView(created);
  });
