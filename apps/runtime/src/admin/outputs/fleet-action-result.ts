import { z } from 'zod';
import type { FleetActionResult } from '../../fleet/fleet-actions.ts';
import { assertSameType } from './same-type.ts';

/** What reset circuit and end cooldown answer: the whole and each node's part. */
export const fleetActionResultSchema = z.strictObject({
  id: z.string(),
  target: z.string(),
  changed: z.boolean(),
  message: z.string(),
  nodes: z.array(z.strictObject({ node: z.string(), outcome: z.enum(['changed', 'unchanged', 'failed', 'skipped']), message: z.string() })),
});

assertSameType<z.output<typeof fleetActionResultSchema>, FleetActionResult>();
