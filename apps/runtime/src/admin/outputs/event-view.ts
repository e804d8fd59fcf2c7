import { z } from 'zod';
import type { EventEntry } from '../../state/event-log.ts';
import { assertSameType } from './same-type.ts';

/** One entry of the event log as the API returns it: the stored row, `at` in epoch ms (JSON has no dates). */
export const eventViewSchema = z.strictObject({
  id: z.number(),
  node: z.string(),
  // Free text on purpose: a new kind of fact must not turn the whole log into an error.
  kind: z.string(),
  upstream: z.string(),
  targetId: z.string().nullable(),
  target: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string(),
  reason: z.string(),
  at: z.number(),
});

export type EventView = z.output<typeof eventViewSchema>;

// The log's entry as stored (with its row id) and sent (`at` as a number), flattened to compare.
type SentEntry = Omit<EventEntry, 'at'> & { id: number; at: number };
assertSameType<EventView, { [Field in keyof SentEntry]: SentEntry[Field] }>();
