import { z } from 'zod';
import type { HistoryPoint } from '../../state/traffic-history.ts';
import { assertSameType } from './same-type.ts';

const historyPointSchema = z.strictObject({
  at: z.number(),
  requests: z.number(),
  failures: z.number(),
  errorRatePct: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});

assertSameType<z.output<typeof historyPointSchema>, HistoryPoint>();

/** What `targets.history` answers: one target's last 15 minutes on this node, 90 slots of 10 s, oldest first. */
export const targetHistorySchema = z.strictObject({
  id: z.string(),
  node: z.string(),
  resolutionMs: z.literal(10_000),
  windowMs: z.literal(900_000),
  points: z.array(historyPointSchema).length(90),
});

export type TargetHistory = z.output<typeof targetHistorySchema>;
