import type { GridTarget } from '@/lib/api-types';

// Which operator actions a grid cell offers: only those that would change something.

export type TargetAction = 'enable' | 'drain' | 'disable' | 'resetCircuit' | 'endCooldown' | 'clearCredentials';

export type ActionFacts = Pick<GridTarget, 'adminState' | 'circuit' | 'cooldownUntil' | 'credentials'>;

export function availableActions(live: ActionFacts, now: number): TargetAction[] {
  const actions: TargetAction[] = [];
  if (live.adminState !== 'enabled') actions.push('enable');
  if (live.adminState === 'enabled') actions.push('drain');
  if (live.adminState !== 'disabled') actions.push('disable');
  if (live.circuit !== 'closed') actions.push('resetCircuit');
  if (live.cooldownUntil !== null && live.cooldownUntil > now) actions.push('endCooldown');
  if (live.credentials === 'rejected') actions.push('clearCredentials');
  return actions;
}
