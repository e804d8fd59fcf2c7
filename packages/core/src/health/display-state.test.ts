import { describe, expect, it } from 'vitest';
import { displayState } from './display-state.ts';
import type { TargetFacts } from './facts.ts';
import { initialFacts, isEligible } from './facts.ts';
import { initialHealth } from './target-health.ts';

const REJECTED = { status: 'rejected', reason: 'credentials rejected (401)', since: 0 } as const;
const facts = (change: Partial<TargetFacts> = {}): TargetFacts => ({ ...initialFacts('enabled', false), ...change });
const now = Date.UTC(2025, 0, 1, 12, 0, 0);
const settings = { halfOpenRequests: 3 };

describe('eligibility: enabled ∧ active ∈ {healthy, off} ∧ circuit ≠ open ∧ no cooldown ∧ weight > 0', () => {
  it.each<[string, Partial<TargetFacts>, number, boolean]>([
    ['enabled, checks off', {}, 100, true],
    ['active healthy', { active: 'healthy' }, 100, true],
    ['half-open circuit', { circuit: 'half-open' }, 100, true],
    ['draining', { admin: 'draining' }, 100, false],
    ['disabled', { admin: 'disabled' }, 100, false],
    ['active unhealthy', { active: 'unhealthy' }, 100, false],
    ['awaiting first check', { active: 'awaiting' }, 100, false],
    ['circuit open', { circuit: 'open', circuitOpenUntil: now + 1 }, 100, false],
    ['circuit open, time up (half-open)', { circuit: 'open', circuitOpenUntil: now }, 100, true],
    ['cooling down', { cooldownUntil: now + 1 }, 100, false],
    ['cooldown over', { cooldownUntil: now }, 100, true],
    ['weight 0', {}, 0, false],
    ['credentials rejected', { credentials: REJECTED }, 100, false],
  ])('%s: %s', (_name, change, weight, eligible) => {
    expect(isEligible(facts(change), weight, now)).toBe(eligible);
  });
});

describe('display state', () => {
  it.each<[string, Partial<TargetFacts>, string]>([
    [
      'disabled wins over everything',
      { admin: 'disabled', active: 'unhealthy', activeReason: '3 timeouts', circuit: 'open', circuitOpenUntil: now + 5_000 },
      'disabled',
    ],
    [
      'draining wins over unhealthy',
      { admin: 'draining', drainDeadline: now + 10_000, active: 'unhealthy', activeReason: '3 timeouts' },
      'draining',
    ],
    ['unhealthy: active', { active: 'unhealthy', activeReason: '3 timeouts' }, 'unhealthy'],
    ['unhealthy: circuit open', { circuit: 'open', circuitOpenUntil: now + 5_000 }, 'unhealthy'],
    ['unhealthy: cooling down', { cooldownUntil: now + 4_000 }, 'unhealthy'],
    ['unhealthy: awaiting first check', { active: 'awaiting' }, 'unhealthy'],
    ['unhealthy: credentials rejected', { credentials: REJECTED }, 'unhealthy'],
    ['draining wins over credentials rejected', { admin: 'draining', credentials: REJECTED }, 'draining'],
    ['healthy', {}, 'healthy'],
    ['healthy while half-open', { circuit: 'half-open' }, 'healthy'],
  ])('%s', (_name, change, state) => {
    expect(displayState(facts(change), 100, now, settings).state).toBe(state);
  });

  it('lists every reason that applies, whatever the precedence', () => {
    const shown = displayState(
      facts({
        admin: 'draining',
        drainDeadline: now + 10_000,
        active: 'unhealthy',
        activeReason: '3 timeouts',
        circuit: 'open',
        circuitOpenUntil: now + 70_000,
        cooldownUntil: now + 4_000,
      }),
      0,
      now,
      settings,
    );
    expect(shown.reasons).toEqual([
      'draining (10 s left)',
      'active: 3 timeouts',
      'circuit open until 12:01:10',
      'rate limited 4 s',
      'weight 0',
    ]);
  });
});

describe('AI-service reasons', () => {
  it('names a rejected key with its status', () => {
    expect(displayState(facts({ credentials: REJECTED }), 100, now, settings)).toEqual({
      state: 'unhealthy',
      reasons: ['credentials rejected (401)'],
    });
  });

  it('shows a low quota while the target stays Healthy, and nothing once it has reset', () => {
    const quota = { requests: { remaining: 7, limit: 100, resetAt: now + 12_000 }, tokens: null };
    expect(displayState(facts(), 100, now, { ...settings, quota })).toEqual({
      state: 'healthy',
      reasons: ['quota 7 % · resets in 12 s'],
    });
    expect(displayState(facts(), 100, now + 12_000, { ...settings, quota }).reasons).toEqual([]);
    expect(displayState(facts(), 100, now, { ...settings, quota: null }).reasons).toEqual([]);
  });
});

describe('a half-open circuit', () => {
  it.each<[string, Partial<TargetFacts>]>([
    ['after its own timer ran', { circuit: 'half-open' }],
    ['once its open time is up, timer or not', { circuit: 'open', circuitOpenUntil: now }],
  ])('is Healthy and names its trial requests: %s', (_name, change) => {
    expect(displayState(facts(change), 100, now, settings)).toEqual({ state: 'healthy', reasons: ['circuit half-open: 3 trial requests'] });
  });

  it('counts one trial request in the singular', () => {
    expect(displayState(facts({ circuit: 'half-open' }), 100, now, { halfOpenRequests: 1 }).reasons).toEqual([
      'circuit half-open: 1 trial request',
    ]);
  });
});

describe('a new target', () => {
  it('is healthy with slow start from its creation when active checks are off', () => {
    const health = initialHealth('enabled', false, 5_000);
    expect(health.facts).toMatchObject({ active: 'off', recoveredAt: 5_000 });
    expect(isEligible(health.facts, 100, 5_000)).toBe(true);
  });

  it('awaits its first check when active checks are on', () => {
    const health = initialHealth('enabled', true, 5_000);
    expect(health.facts.active).toBe('awaiting');
    expect(displayState(health.facts, 100, 5_000, settings)).toEqual({ state: 'unhealthy', reasons: ['awaiting first check'] });
  });

  // Disabled targets are not probed (and a drain takes no new traffic): there is no check to await.
  it.each(['disabled', 'draining'] as const)('never lists "awaiting first check" for a %s target', (admin) => {
    const health = initialHealth(admin, true, 5_000);
    expect(health.facts.active).toBe('awaiting');
    const shown = displayState({ ...health.facts, drainDeadline: null }, 100, 5_000, settings);
    expect(shown).toEqual({ state: admin, reasons: [admin === 'disabled' ? 'disabled by operator' : 'draining'] });
  });
});
