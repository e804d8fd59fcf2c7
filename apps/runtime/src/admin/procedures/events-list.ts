import { id, int, upstreamName } from '@headwater/core';
import { z } from 'zod';
import { eventViewSchema } from '../outputs/event-view.ts';
import { adminProcedure } from '../trpc.ts';

export type { EventView } from '../outputs/event-view.ts';

export const eventsListInput = z
  .strictObject({
    upstream: upstreamName.optional(),
    targetId: id.optional(),
    limit: int(1, 500).default(100),
  })
  .prefault({}); // every field is optional, so the input may be left out

/** The event log, newest first: every change of a fact, config edits, proxy changes. */
export const listEvents = adminProcedure
  .input(eventsListInput)
  .output(z.array(eventViewSchema))
  .query(async ({ ctx, input }) => {
    const rows = await ctx.events.list({ upstream: input.upstream, targetId: input.targetId, limit: input.limit });
    return rows.map((row) => ({ ...row, at: row.at.getTime() }));
  });
