import { z } from 'zod';
import type { NodeList } from '../../fleet/node-registry.ts';
import type { NodeView } from '../../fleet/node-view.ts';
import { assertSameType } from './same-type.ts';

const epochMs = z.number();

export const nodeViewSchema = z.strictObject({
  id: z.string(),
  adminUrl: z.string(),
  version: z.string(),
  startedAt: epochMs,
  configVersion: z.number(),
  configCurrent: z.boolean(),
  ready: z.boolean(),
  lastSeenAt: epochMs,
  stoppedAt: epochMs.nullable(),
  status: z.enum(['up', 'lost']),
  requestsPerSecond: z.number(),
  self: z.boolean(),
});

assertSameType<z.output<typeof nodeViewSchema>, NodeView>();

/** What `nodes.list` answers: every node of the fleet, this one first, judged at `at` against the stored `configVersion`. */
export const nodeListSchema = z.strictObject({
  self: z.string(),
  at: epochMs,
  configVersion: z.number(),
  nodes: z.array(nodeViewSchema),
});

assertSameType<z.output<typeof nodeListSchema>, NodeList>();
