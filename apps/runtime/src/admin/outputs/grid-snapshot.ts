import { adminStates, displayStates } from '@headwater/core';
import { z } from 'zod';
import type { GridSnapshot } from '../../state/grid.ts';
import { assertSameType } from './same-type.ts';

// Core and the state module export some of these unions only as types, so they are spelled out
// here; the assertion at the end keeps every field and member exactly as `GridSnapshot` has them.

const epochMs = z.number();

export const gridTargetSchema = z.strictObject({
  id: z.string(),
  host: z.string(),
  port: z.number(),
  weight: z.number(),
  priority: z.number(),
  adminState: z.enum(adminStates),
  state: z.enum(displayStates),
  reasons: z.array(z.string()),
  inFlight: z.number(),
  slowStartPct: z.number().nullable(),
  active: z.enum(['off', 'awaiting', 'healthy', 'unhealthy']),
  circuit: z.enum(['closed', 'open', 'half-open']),
  credentials: z.enum(['accepted', 'rejected']),
  lastProbeAt: epochMs.nullable(),
  drainDeadline: epochMs.nullable(),
  cooldownUntil: epochMs.nullable(),
  latencyMs: z.number().nullable(),
  requests60s: z.number(),
  successRatePct: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p99Ms: z.number().nullable(),
});

const gridProxySchema = z.strictObject({
  host: z.string(),
  port: z.number(),
  status: z.enum(['unknown', 'up', 'down']),
  detail: z.string(),
  since: epochMs.nullable(),
});

const gridUpstreamSchema = z.strictObject({
  name: z.string(),
  proxy: gridProxySchema.nullable(),
  targets: z.array(gridTargetSchema),
  tiers: z.array(z.strictObject({ priority: z.number(), sharePct: z.number(), requests60s: z.number(), computedSharePct: z.number() })),
});

export const gridSnapshotSchema = z.strictObject({
  node: z.string(),
  at: epochMs,
  upstreams: z.array(gridUpstreamSchema),
});

assertSameType<z.output<typeof gridSnapshotSchema>, GridSnapshot>();
