import { EMPTY_QUOTA, initialHealth, type ConfigChange, type EffectiveHealthChecks } from '@headwater/core';
import type { TargetRecord } from '../config/records.ts';
import type { TargetState } from './target-state.ts';

// A target's live entry: made when the config first names it, and what an edit of the config
// means for it (TargetStates.sync).

/** A target the config names for the first time on this node. `known`: it was in the config when the process started. */
export function newTargetEntry(
  record: TargetRecord,
  upstream: { readonly name: string; readonly drainTimeoutMs: number },
  checks: EffectiveHealthChecks,
  now: number,
  known: boolean,
): TargetState {
  return {
    id: record.id,
    upstream: upstream.name,
    record,
    checks,
    drainTimeoutMs: upstream.drainTimeoutMs,
    configAdmin: record.adminState,
    health: initialHealth(record.adminState, checks.active !== null, now, known),
    inFlight: 0,
    latency: null,
    quota: EMPTY_QUOTA,
    probeChecksKey: false,
    attempts: new Set(),
    timer: undefined,
    removed: false,
  };
}

/** Everything an operator stores for a target but its admin state (which has facts of its own). */
function settingsOf(record: TargetRecord): string {
  const { adminState: _admin, ...settings } = record;
  return JSON.stringify(settings);
}

/** What an edit that kept the target's id changed, as core's `applyConfigChange` takes it. */
export function configChangeOf(entry: TargetState, record: TargetRecord, checks: EffectiveHealthChecks): ConfigChange {
  const before = entry.record;
  return {
    weightBefore: before.weight,
    weightAfter: record.weight,
    activeChecksOn: checks.active !== null,
    probeChanged: entry.checks.active?.type !== checks.active?.type || entry.checks.active?.path !== checks.active?.path,
    // Records are rebuilt on every reload: only a real change of a stored setting counts.
    targetChanged: before !== record && settingsOf(before) !== settingsOf(record),
  };
}

/**
 * The budgets the target's responses reported belong to the key and target they were sent to,
 * and matter only while the upstream is quota-aware: an edit of the target (another key, say)
 * or quota-aware routing turned off forgets them, so nothing stale or malformed outlives an edit.
 */
export function quotaAfterEdit(entry: TargetState, change: ConfigChange, quotaAware: boolean): TargetState['quota'] {
  return change.targetChanged || !quotaAware ? EMPTY_QUOTA : entry.quota;
}
