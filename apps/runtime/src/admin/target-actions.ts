import { id, circuitAt, errorCodes, HeadwaterError, type AdminState } from '@headwater/core';
import { z } from 'zod';
import type { AdminContext } from './context.ts';

// Shared by the five target-action procedures (one file each): their input, their result, and
// the two ways they act (the stored admin state, or this node's live facts).

export const targetActionInput = z.strictObject({ id });

/** `changed: false` means the target already was as asked: nothing was written or logged. */
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

/** The live entry of a stored target on this node (reset circuit and end cooldown act on live facts). */
export async function liveTarget(ctx: AdminContext, id: string) {
  const stored = await ctx.repository.getTarget(id);
  const entry = ctx.states.entry(id);
  if (!entry) throw new HeadwaterError(errorCodes.UNKNOWN_TARGET, `target "${id}" has no live state on this node yet`);
  return { entry, target: `${stored.host}:${stored.port}` };
}

export async function resetCircuit(ctx: AdminContext, id: string): Promise<TargetActionResult> {
  const { entry, target } = await liveTarget(ctx, id);
  const now = ctx.clock.now();
  if (circuitAt(entry.health.facts, now) === 'closed') return { id, target, changed: false, message: 'circuit is already closed' };
  ctx.states.resetCircuit(id, 'operator');
  return { id, target, changed: true, message: 'circuit closed' };
}

export async function endCooldown(ctx: AdminContext, id: string): Promise<TargetActionResult> {
  const { entry, target } = await liveTarget(ctx, id);
  const until = entry.health.facts.cooldownUntil;
  const now = ctx.clock.now();
  if (until === null || until <= now) return { id, target, changed: false, message: 'target is not cooling down' };
  ctx.states.endCooldown(id, 'operator');
  return { id, target, changed: true, message: 'cooldown ended' };
}
