import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setAdminState } from '../lifecycle/admin-state.ts';
import { passiveDefaults, probeSettings } from '../test-kit.ts';
import type { ProbeResult } from './active-checks.ts';
import { observeProbe } from './active-checks.ts';
import type { TrafficOutcome } from './passive-outcomes.ts';
import { observeOutcome } from './passive-outcomes.ts';
import type { TargetHealth } from './target-health.ts';
import { initialHealth } from './target-health.ts';
import { advanceTimers } from './timers.ts';

// Property: each fact is changed only by its own source. Random histories build a state,
// then one more event from one source must leave every other source's fact as it was.

const probe = fc.constantFrom<ProbeResult>(
  { kind: 'status', status: 200 },
  { kind: 'status', status: 500 },
  { kind: 'timeout' },
  { kind: 'tcp-failure' },
);
const outcome = fc.constantFrom<TrafficOutcome>(
  { kind: 'response', status: 200 },
  { kind: 'response', status: 503 },
  { kind: 'response', status: 429, retryAfter: '3' },
  { kind: 'reset' },
  { kind: 'caller-aborted' },
);
type Event =
  | { source: 'probe'; result: ProbeResult }
  | { source: 'traffic'; outcome: TrafficOutcome }
  | { source: 'time' }
  | { source: 'admin'; to: 'enabled' | 'draining' | 'disabled' };
const event: fc.Arbitrary<Event> = fc.oneof(
  probe.map((result) => ({ source: 'probe' as const, result })),
  outcome.map((o) => ({ source: 'traffic' as const, outcome: o })),
  fc.constant({ source: 'time' as const }),
  fc
    .constantFrom('enabled', 'draining', 'disabled')
    .map((to) => ({ source: 'admin' as const, to: to as 'enabled' | 'draining' | 'disabled' })),
);

function apply(state: TargetHealth, next: Event, now: number): TargetHealth {
  switch (next.source) {
    case 'probe':
      return observeProbe(state, next.result, probeSettings, now).state;
    case 'traffic':
      return observeOutcome(state, next.outcome, passiveDefaults, { ejected: 0, limit: 10 }, now).state;
    case 'time':
      return advanceTimers(state, now).state;
    case 'admin':
      return setAdminState(state, next.to, { activeChecksOn: true, drainTimeoutMs: 60_000, inFlight: 1 }, now).state;
  }
}

const history = fc.array(fc.tuple(event, fc.integer({ min: 1, max: 20_000 })), { maxLength: 60 });

/** The state a history leaves, and the time of its last event. */
function replay(events: ReadonlyArray<readonly [Event, number]>): { state: TargetHealth; now: number } {
  let now = 0;
  let state = initialHealth('enabled', true, 0);
  for (const [next, step] of events) {
    now += step;
    state = apply(state, next, now);
  }
  return { state, now };
}

describe('facts are cleared only by their own source', () => {
  it('property: probes never touch cooldown, admin or the circuit counters (circuit only by the named half-open rule)', () => {
    fc.assert(
      fc.property(history, probe, fc.integer({ min: 1, max: 40_000 }), (events, result, gap) => {
        const { state, now } = replay(events);
        const after = observeProbe(state, result, probeSettings, now + gap).state;
        expect(after.facts.cooldownUntil).toBe(state.facts.cooldownUntil);
        expect(after.facts.admin).toBe(state.facts.admin);
        expect(after.circuit.consecutiveFailures).toBe(state.circuit.consecutiveFailures);
        if (after.facts.circuit !== state.facts.circuit) {
          expect([state.facts.circuit, after.facts.circuit]).toEqual(['open', 'half-open']);
          expect(now + gap - state.circuit.openedAt!).toBeGreaterThanOrEqual(passiveDefaults.baseEjectionMs);
        }
      }),
    );
  });

  it('property: traffic never touches the active fact, its counters or admin', () => {
    fc.assert(
      fc.property(history, outcome, (events, next) => {
        const { state, now } = replay(events);
        const after = observeOutcome(state, next, passiveDefaults, { ejected: 0, limit: 10 }, now + 1).state;
        expect(after.facts.active).toBe(state.facts.active);
        expect(after.active).toEqual(state.active);
        expect(after.facts.admin).toBe(state.facts.admin);
        if (!(next.kind === 'response' && next.status === 429)) expect(after.facts.cooldownUntil).toBe(state.facts.cooldownUntil);
      }),
    );
  });

  it("property: a cooldown's end never clears active failures, the circuit or admin", () => {
    fc.assert(
      fc.property(history, fc.integer({ min: 1, max: 700_000 }), (events, gap) => {
        const { state, now } = replay(events);
        const after = advanceTimers(state, now + gap).state;
        expect(after.active).toEqual(state.active);
        expect(after.facts.active).toBe(state.facts.active);
        expect(after.facts.activeReason).toBe(state.facts.activeReason);
        expect(after.facts.admin).toBe(state.facts.admin);
      }),
    );
  });

  it('property: the operator never touches cooldown or the circuit', () => {
    fc.assert(
      fc.property(history, fc.constantFrom('enabled', 'draining', 'disabled'), (events, to) => {
        const { state, now } = replay(events);
        const after = apply(state, { source: 'admin', to: to as 'enabled' }, now + 1);
        expect(after.facts.cooldownUntil).toBe(state.facts.cooldownUntil);
        expect(after.facts.circuit).toBe(state.facts.circuit);
        expect(after.circuit).toEqual(state.circuit);
      }),
    );
  });
});
