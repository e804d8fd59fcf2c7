import { describe, expect, it } from 'vitest';
import { healthy, probeSettings, roomy, passiveDefaults } from '../test-kit.ts';
import { observeProbe } from './active-checks.ts';
import { cooldownMs, endCooldown, startCooldown } from './cooldown.ts';
import { isCoolingDown, lastRecoveryAt } from './facts.ts';
import { observeOutcome } from './passive-outcomes.ts';
import { advanceTimers } from './timers.ts';

const now = Date.UTC(2025, 0, 1, 12, 0, 0);

describe('429 cooldown', () => {
  it.each([
    ['Retry-After seconds', { retryAfter: '7' }, 7_000],
    ['Retry-After HTTP date', { retryAfter: new Date(now + 12_000).toUTCString() }, 12_000],
    ['retry-after-ms wins', { retryAfter: '7', retryAfterMs: '1500' }, 1_500],
    ['absent: 5 s', {}, 5_000],
    ['unreadable: 5 s', { retryAfter: 'soon' }, 5_000],
    ['fractional seconds are not delta-seconds: 5 s', { retryAfter: '1.5' }, 5_000],
    ['negative seconds: 5 s', { retryAfter: '-1' }, 5_000],
    ['a loose date that Date.parse would take: 5 s', { retryAfter: '2025-01-01T12:00:30Z' }, 5_000],
    ['capped at 10 min', { retryAfter: '86400' }, 600_000],
    ['a date in the past: no wait', { retryAfter: new Date(now - 5_000).toUTCString() }, 0],
  ])('%s', (_name, headers, expected) => {
    expect(cooldownMs(headers, now)).toBe(expected);
  });

  it('a 429 starts a cooldown, not a circuit failure', () => {
    const { state, flipped } = observeOutcome(healthy(), { kind: 'response', status: 429, retryAfter: '4' }, passiveDefaults, roomy, now);
    expect(state.facts.cooldownUntil).toBe(now + 4_000);
    expect(state.circuit.consecutiveFailures).toBe(0);
    expect(flipped).toEqual([{ fact: 'cooldown', from: 'none', to: 'cooling', reason: 'rate limited 4 s', at: now }]);
  });

  it('later 429s lengthen it silently; shorter ones change nothing', () => {
    const first = startCooldown(healthy(), { retryAfter: '4' }, now).state;
    const longer = startCooldown(first, { retryAfter: '10' }, now + 1_000);
    expect(longer.state.facts.cooldownUntil).toBe(now + 11_000);
    expect(longer.flipped).toEqual([]);
    expect(startCooldown(first, { retryAfter: '1' }, now + 1_000).state).toBe(first);
  });

  it('ends by its time passing; slow start runs from its end', () => {
    const cooling = startCooldown(healthy(), { retryAfter: '4' }, now).state;
    expect(isCoolingDown(cooling.facts, now + 3_999)).toBe(true);
    expect(isCoolingDown(cooling.facts, now + 4_000)).toBe(false);
    expect(lastRecoveryAt(cooling.facts, now + 5_000)).toBe(now + 4_000); // before any timer ran
    const { state, flipped } = advanceTimers(cooling, now + 6_000);
    expect(state.facts).toMatchObject({ cooldownUntil: null, recoveredAt: now + 4_000 });
    expect(flipped).toEqual([{ fact: 'cooldown', from: 'cooling', to: 'none', reason: 'cooldown ended', at: now + 4_000 }]);
  });

  it('a probe never ends it', () => {
    const cooling = startCooldown(healthy(true), { retryAfter: '4' }, now).state;
    for (const result of [{ kind: 'status', status: 200 }, { kind: 'timeout' }] as const) {
      expect(observeProbe(cooling, result, probeSettings, now + 1_000).state.facts.cooldownUntil).toBe(now + 4_000);
    }
  });

  it('the operator can end it: logged, then slow start', () => {
    const cooling = startCooldown(healthy(), { retryAfter: '60' }, now).state;
    const { state, flipped } = endCooldown(cooling, now + 1_000);
    expect(state.facts).toMatchObject({ cooldownUntil: null, recoveredAt: now + 1_000 });
    expect(flipped).toEqual([{ fact: 'cooldown', from: 'cooling', to: 'none', reason: 'ended by operator', at: now + 1_000 }]);
  });
});
