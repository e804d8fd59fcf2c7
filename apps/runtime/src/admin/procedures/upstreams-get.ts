import { upstreamName } from '@headwater/core';
import { z } from 'zod';
import { upstreamViewSchema } from '../outputs/upstream-view.ts';
import { adminProcedure } from '../trpc.ts';
import { upstreamView } from '../views.ts';

export const getUpstream = adminProcedure
  .input(z.strictObject({ name: upstreamName }))
  .output(upstreamViewSchema)
  .query(async ({ ctx, input }) => upstreamView(await ctx.repository.getUpstream(input.name)));
