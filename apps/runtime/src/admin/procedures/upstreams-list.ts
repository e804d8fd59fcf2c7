import { z } from 'zod';
import { upstreamViewSchema } from '../outputs/upstream-view.ts';
import { adminProcedure } from '../trpc.ts';
import { upstreamView } from '../views.ts';

export const listUpstreams = adminProcedure
  .output(z.array(upstreamViewSchema))
  .query(async ({ ctx }) => (await ctx.repository.listUpstreams()).map(upstreamView));
