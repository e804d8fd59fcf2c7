import { z } from 'zod';
import type { FleetGrid } from '../../fleet/fleet-grid.ts';
import { gridTargetSchema } from './grid-snapshot.ts';
import { nodeViewSchema } from './node-list.ts';
import { assertSameType } from './same-type.ts';

// The fleet grid as `states.fleet` and `states.watchFleet` answer it; the assertion keeps every
// field exactly as `FleetGrid` has it.

const epochMs = z.number();
const fleetNodeStatus = z.enum(['live', 'unreachable', 'lost']);

const fleetTargetSchema = z.strictObject({
  id: z.string(),
  host: z.string(),
  port: z.number(),
  weight: z.number(),
  priority: z.number(),
  summary: z.strictObject({
    healthy: z.number(),
    unhealthy: z.number(),
    draining: z.number(),
    disabled: z.number(),
    unknown: z.number(),
    nodes: z.number(),
    text: z.string(),
  }),
  cells: z.array(z.strictObject({ node: z.string(), status: fleetNodeStatus, cell: gridTargetSchema.nullable() })),
});

export const fleetGridSchema = z.strictObject({
  at: epochMs,
  self: z.string(),
  nodes: z.array(
    z.strictObject({
      id: z.string(),
      status: fleetNodeStatus,
      error: z.string().nullable(),
      gridAt: epochMs.nullable(),
      node: nodeViewSchema,
    }),
  ),
  upstreams: z.array(z.strictObject({ name: z.string(), targets: z.array(fleetTargetSchema) })),
});

assertSameType<z.output<typeof fleetGridSchema>, FleetGrid>();
