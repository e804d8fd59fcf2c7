import { describe, expect, it } from 'vitest';
import { type ActionFacts, availableActions, type TargetAction } from '@/lib/available-actions';

const now = 1_000_000;
const healthy: ActionFacts = { adminState: 'enabled', circuit: 'closed', cooldownUntil: null, credentials: 'accepted' };

describe('availableActions', () => {
  it.each<[string, Partial<ActionFacts>, TargetAction[]]>([
    ['an enabled target', {}, ['drain', 'disable']],
    ['a draining target', { adminState: 'draining' }, ['enable', 'disable']],
    ['a disabled target (nothing to drain)', { adminState: 'disabled' }, ['enable']],
    ['an open circuit', { circuit: 'open' }, ['drain', 'disable', 'resetCircuit']],
    ['a half-open circuit', { circuit: 'half-open' }, ['drain', 'disable', 'resetCircuit']],
    ['a cooldown still running', { cooldownUntil: now + 1 }, ['drain', 'disable', 'endCooldown']],
    ['a cooldown that just ended', { cooldownUntil: now }, ['drain', 'disable']],
    [
      'a disabled target with an open circuit in cooldown',
      { adminState: 'disabled', circuit: 'open', cooldownUntil: now + 5_000 },
      ['enable', 'resetCircuit', 'endCooldown'],
    ],
    ['rejected credentials', { credentials: 'rejected' }, ['drain', 'disable', 'clearCredentials']],
    [
      'rejected credentials with an open circuit in cooldown',
      { credentials: 'rejected', circuit: 'open', cooldownUntil: now + 5_000 },
      ['drain', 'disable', 'resetCircuit', 'endCooldown', 'clearCredentials'],
    ],
  ])('offers for %s: %j', (_, facts, expected) => {
    expect(availableActions({ ...healthy, ...facts }, now)).toEqual(expected);
  });
});
