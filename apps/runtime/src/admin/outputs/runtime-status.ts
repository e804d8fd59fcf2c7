import { z } from 'zod';
import type { RuntimeStatus } from '../../fleet/node-registry.ts';
import { assertSameType } from './same-type.ts';

/** What `runtime.status` answers: this node and its view of the config database, from memory. */
export const runtimeStatusSchema = z.strictObject({
  node: z.string(),
  version: z.string(),
  startedAt: z.number(),
  configVersion: z.number(),
  ready: z.boolean(),
  database: z.strictObject({
    status: z.enum(['ok', 'unreachable']),
    since: z.number().nullable(),
    detail: z.string(),
  }),
});

assertSameType<z.output<typeof runtimeStatusSchema>, RuntimeStatus>();
