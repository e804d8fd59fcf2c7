import { adminProcedure } from '../trpc.ts';
import { upstreamView } from '../views.ts';

export const listUpstreams = adminProcedure.query(async ({ ctx }) => (await ctx.repository.listUpstreams()).map(upstreamView));
