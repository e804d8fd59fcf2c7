import { id, int, upstreamName } from '@headwater/core';
import { z } from 'zod';
import type { EventEntry } from '../../state/event-log.ts';
import { adminProcedure } from '../trpc.ts';

export const eventsListInput = z
  .strictObject({
    upstream: upstreamName.optional(),
    targetId: id.optional(),
    limit: int(1, 500).default(100),
  })
  .prefault({}); // every field is optional, so the input may be left out

/** One entry of the event log as the API returns it (`at` in epoch ms: JSON has no dates). */
export type EventView = Omit<EventEntry, 'at'> & { id: number; at: number };

/** The event log, newest first: every change of a fact, config edits, proxy changes. */
export const listEvents = adminProcedure.input(eventsListInput).query(async ({ ctx, input }): Promise<EventView[]> => {
  const rows = await ctx.events.list({ upstream: input.upstream, targetId: input.targetId, limit: input.limit });
  return rows.map((row) => ({ ...row, at: row.at.getTime() }));
});
