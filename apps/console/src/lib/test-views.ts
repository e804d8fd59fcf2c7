import { targetSchema, upstreamSettingsSchema } from '@headwater/core';
import type { GridSnapshot, GridTarget, GridUpstream, TargetView, UpstreamView } from '@/lib/api-types';

// Admin API shapes for tests, built from core's schemas so every default is the runtime's.

export function targetView(fields: { id: string; host: string; port: number } & Partial<TargetView>): TargetView {
  return { ...targetSchema.parse({ host: fields.host, port: fields.port }), upstreamId: 'u-1', headers: {}, ...fields };
}

export function upstreamView(fields: { name: string } & Partial<UpstreamView>): UpstreamView {
  return {
    ...upstreamSettingsSchema.parse({ name: fields.name }),
    id: `u-${fields.name}`,
    version: 1,
    proxy: null,
    targets: [],
    ...fields,
  };
}

/** A live cell: healthy, enabled, no traffic. */
export function gridTarget(fields: { id: string; host: string; port: number } & Partial<GridTarget>): GridTarget {
  return {
    weight: 100,
    priority: 0,
    adminState: 'enabled',
    state: 'healthy',
    reasons: [],
    inFlight: 0,
    slowStartPct: null,
    active: 'off',
    circuit: 'closed',
    credentials: 'accepted',
    lastProbeAt: null,
    drainDeadline: null,
    cooldownUntil: null,
    latencyMs: null,
    requests60s: 0,
    successRatePct: null,
    p50Ms: null,
    p99Ms: null,
    ...fields,
  };
}

export function gridSnapshot(upstreams: Array<{ name: string; targets: GridTarget[] }>): GridSnapshot {
  return {
    node: 'test',
    at: 0,
    upstreams: upstreams.map((u): GridUpstream => ({ name: u.name, proxy: null, targets: u.targets, tiers: [] })),
  };
}
