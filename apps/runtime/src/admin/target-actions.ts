import { id, circuitAt, type AdminState } from '@headwater/core';
import { z } from 'zod';
import { actAcrossFleet, type FleetActionResult, summarizeFleetAction } from '../fleet/fleet-actions.ts';
import type { NodeActionResult, PeerAction } from '../fleet/peer-client.ts';
import type { TargetState } from '../state/target-state.ts';
import type { AdminContext } from './context.ts';

// Shared by the six target-action procedures (one file each): their inputs, their results, and
// the two ways they act (the stored admin state, or each node's live facts).

export const targetActionInput = z.strictObject({ id });

/** What enable, drain and disable answer. `changed: false` means the target already was as asked: nothing was written or logged. */
export interface TargetActionResult {
  id: string;
  /** host:port */
  target: string;
  changed: boolean;
  message: string;
}

const verbs: Record<AdminState, string> = { enabled: 'enabled', draining: 'draining', disabled: 'disabled' };

/** Which stored admin states make a request for `to` a no-op, and what to say. */
function noOpReason(from: AdminState, to: AdminState): string | null {
  if (from === to) return `target is already ${verbs[to]}`;
  if (to === 'draining' && from === 'disabled') return 'target is disabled: there is nothing to drain';
  return null;
}

/**
 * Enable, drain and disable change the stored config (so every node follows within a second);
 * config sync then applies the admin fact, which TargetStates logs as "set by operator".
 */
export async function setAdminState(ctx: AdminContext, id: string, to: AdminState): Promise<TargetActionResult> {
  const stored = await ctx.repository.getTarget(id);
  const target = `${stored.host}:${stored.port}`;
  const noOp = noOpReason(stored.adminState, to);
  if (noOp) return { id, target, changed: false, message: noOp };
  await ctx.repository.updateTarget(id, { adminState: to });
  await ctx.config.reload();
  return { id, target, changed: true, message: `target ${verbs[to]}` };
}

/** Reset circuit, end cooldown and clear credentials: on every node, or on the one named (`node`: an id from `nodes.list`). */
export const fleetActionInput = z.strictObject({ id, node: z.string().min(1).max(255).optional() });

/**
 * Reset circuit, end cooldown and clear credentials act on live facts, which each node keeps for itself: so the
 * action runs on every node (this one locally, the others through their admin APIs), or on the
 * chosen one, and answers per node. An id the stored config does not hold is NOT_FOUND whatever
 * the node.
 */
export async function actOnFleet(
  ctx: AdminContext,
  action: PeerAction,
  input: z.output<typeof fleetActionInput>,
): Promise<FleetActionResult> {
  const stored = await ctx.repository.getTarget(input.id);
  const local = async () => liveActions[action](ctx, input.id);
  const nodes = await actAcrossFleet(ctx.fleet, action, input, local);
  return { id: input.id, target: `${stored.host}:${stored.port}`, ...summarizeFleetAction(action, nodes), nodes };
}

/** Runs a local action on this node's live entry; a stored target with no live state here yet is this node's failure. */
function onLiveEntry(ctx: AdminContext, id: string, act: (entry: TargetState) => NodeActionResult): NodeActionResult {
  const entry = ctx.states.entry(id);
  if (!entry) return { node: ctx.states.node, outcome: 'failed', message: 'the target has no live state on this node yet' };
  return act(entry);
}

function resetCircuit(ctx: AdminContext, id: string): NodeActionResult {
  return onLiveEntry(ctx, id, (entry) => {
    const node = ctx.states.node;
    if (circuitAt(entry.health.facts, ctx.clock.now()) === 'closed') {
      return { node, outcome: 'unchanged', message: 'circuit is already closed' };
    }
    ctx.states.resetCircuit(id, 'operator');
    return { node, outcome: 'changed', message: 'circuit closed' };
  });
}

function endCooldown(ctx: AdminContext, id: string): NodeActionResult {
  return onLiveEntry(ctx, id, (entry) => {
    const node = ctx.states.node;
    const until = entry.health.facts.cooldownUntil;
    if (until === null || until <= ctx.clock.now()) return { node, outcome: 'unchanged', message: 'target is not cooling down' };
    ctx.states.endCooldown(id, 'operator');
    return { node, outcome: 'changed', message: 'cooldown ended' };
  });
}

function clearCredentials(ctx: AdminContext, id: string): NodeActionResult {
  return onLiveEntry(ctx, id, (entry) => {
    const node = ctx.states.node;
    if (entry.health.facts.credentials.status !== 'rejected')
      return { node, outcome: 'unchanged', message: 'credentials are not rejected' };
    ctx.states.clearCredentials(id, 'operator');
    return { node, outcome: 'changed', message: 'credentials cleared: the target takes traffic again (slow start)' };
  });
}

const liveActions: Record<PeerAction, (ctx: AdminContext, id: string) => NodeActionResult> = {
  resetCircuit,
  endCooldown,
  clearCredentials,
};
