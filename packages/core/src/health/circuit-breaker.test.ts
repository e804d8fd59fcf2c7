import { describe, expect, it } from 'vitest';
import type { PassiveHealthCheck } from '../model/health-checks.ts';
import { healthy, passiveDefaults, roomy } from '../test-kit.ts';
import { decayedOpens, maxEjections, resetCircuit } from './circuit-breaker.ts';
import { circuitAt } from './facts.ts';
import type { Flip } from './flip.ts';
import type { TrafficOutcome } from './passive-outcomes.ts';
import { observeOutcome } from './passive-outcomes.ts';
import type { TargetHealth } from './target-health.ts';
import { advanceTimers } from './timers.ts';

const ok: TrafficOutcome = { kind: 'response', status: 200 };
const bad: TrafficOutcome = { kind: 'response', status: 502 };

/** Feeds outcomes at the given times (ms); returns the final state and every flip. */
function feed(
  start: TargetHealth,
  events: Array<[number, TrafficOutcome]>,
  settings: PassiveHealthCheck = passiveDefaults,
  budget = roomy,
) {
  let state = start;
  const flips: Flip[] = [];
  for (const [at, outcome] of events) {
    const observed = observeOutcome(state, outcome, settings, budget, at);
    state = observed.state;
    flips.push(...observed.flipped);
  }
  return { state, flips };
}
const times = (count: number, outcome: TrafficOutcome, from = 0, stepMs = 10) =>
  Array.from({ length: count }, (_, index): [number, TrafficOutcome] => [from + index * stepMs, outcome]);

const tripped = (at = 0) => feed(healthy(), times(5, bad, at)).state;

describe('circuit breaker: opening', () => {
  it('opens at consecutiveFailures, not before', () => {
    expect(feed(healthy(), times(4, bad)).state.facts.circuit).toBe('closed');
    const { state, flips } = feed(healthy(), times(5, bad));
    expect(state.facts).toMatchObject({ circuit: 'open', circuitOpenUntil: 40 + 30_000 });
    expect(flips).toEqual([{ fact: 'circuit', from: 'closed', to: 'open', reason: '5 consecutive failures; open 30 s', at: 40 }]);
  });

  it('a success breaks the streak', () => {
    expect(feed(healthy(), [...times(4, bad), [50, ok], ...times(4, bad, 60)]).state.facts.circuit).toBe('closed');
  });

  it('opens at errorRatePct over the window once minRequests is reached', () => {
    // Alternate 1 failure / 1 success: 50 % but never 5 in a row.
    const mixed = Array.from({ length: 20 }, (_, index): [number, TrafficOutcome] => [index * 100, index % 2 ? bad : ok]);
    expect(feed(healthy(), mixed.slice(0, 19)).state.facts.circuit).toBe('closed'); // 19 < minRequests
    const { state, flips } = feed(healthy(), [...mixed.slice(0, 19), [1_900, bad]]);
    expect(state.facts.circuit).toBe('open');
    expect(flips[0]!.reason).toMatch(/^error rate 50% over 20 requests in 10 s/);
  });

  it('below errorRatePct it stays closed', () => {
    const mostlyOk = Array.from({ length: 40 }, (_, index): [number, TrafficOutcome] => [index * 100, index % 3 === 0 ? bad : ok]);
    expect(feed(healthy(), mostlyOk).state.facts.circuit).toBe('closed');
  });

  it('forgets outcomes older than windowMs', () => {
    const old = Array.from({ length: 19 }, (_, index): [number, TrafficOutcome] => [index * 10, index % 2 ? ok : bad]);
    // 20th request 11 s later: the earlier ones have left the window.
    expect(feed(healthy(), [...old, [11_000, bad]]).state.facts.circuit).toBe('closed');
  });

  it('ignores outcomes while open (requests that started before the trip)', () => {
    const open = tripped();
    expect(
      feed(open, [
        [1_000, ok],
        [2_000, bad],
      ]).state,
    ).toEqual(open);
  });
});

describe('circuit breaker: ejection time', () => {
  it('grows with opens in a row, capped at maxEjectionMs', () => {
    const settings = { ...passiveDefaults, halfOpenRequests: 1 };
    let state = tripped(0);
    const durations: number[] = [];
    let now = 40; // the fifth failure
    for (let round = 0; round < 12; round++) {
      durations.push(state.facts.circuitOpenUntil! - now);
      now = state.facts.circuitOpenUntil!; // half-open now: one failed trial reopens it
      state = feed(state, [[now, bad]], settings).state;
    }
    expect(durations.slice(0, 4)).toEqual([30_000, 60_000, 90_000, 120_000]);
    expect(Math.max(...durations)).toBe(300_000);
  });

  it('the multiplier falls by one per baseEjectionMs spent closed', () => {
    const settings = { ...passiveDefaults, halfOpenRequests: 1 };
    let state = tripped(0); // 5th failure at 40: opens 1, until 30 040
    state = feed(state, [[30_040, bad]], settings).state; // failed trial: opens 2, until 90 040
    state = feed(state, [[90_040, ok]], settings).state; // trial passes: closed at 90 040
    expect(state.facts.circuit).toBe('closed');
    expect(decayedOpens(state.circuit, 30_000, 90_040 + 29_999)).toBe(2);
    expect(decayedOpens(state.circuit, 30_000, 90_040 + 30_000)).toBe(1);
    // Tripping 30 s after closing: one open left, so this one is the 2nd in a row: 60 s.
    const again = feed(state, times(5, bad, 120_040)).state;
    expect(again.facts.circuitOpenUntil! - 120_080).toBe(60_000);
    // Tripping 60 s after closing: fully decayed, back to 30 s.
    const later = feed(state, times(5, bad, 150_040)).state;
    expect(later.facts.circuitOpenUntil! - 150_080).toBe(30_000);
  });
});

describe('circuit breaker: half-open', () => {
  it('half-opens when its time is up, by its own timer', () => {
    const open = tripped(0);
    expect(circuitAt(open.facts, 30_039)).toBe('open');
    expect(circuitAt(open.facts, 30_040)).toBe('half-open');
    const { state, flipped } = advanceTimers(open, 31_000);
    expect(state.facts.circuit).toBe('half-open');
    expect(flipped).toEqual([{ fact: 'circuit', from: 'open', to: 'half-open', reason: 'ejection time over: trial requests', at: 30_040 }]);
  });

  it('halfOpenRequests successes close it and start slow start', () => {
    const half = advanceTimers(tripped(0), 30_040).state;
    const two = feed(half, [
      [31_000, ok],
      [31_001, ok],
    ]);
    expect(two.state.facts.circuit).toBe('half-open');
    const three = feed(two.state, [[31_002, ok]]);
    expect(three.state.facts).toMatchObject({ circuit: 'closed', recoveredAt: 31_002 });
    expect(three.flips).toEqual([expect.objectContaining({ from: 'half-open', to: 'closed', reason: '3 trial requests succeeded' })]);
  });

  it('a trial outcome settles a lapsed open circuit first, reporting both flips', () => {
    const { state, flips } = feed(tripped(0), [[40_000, bad]]);
    expect(flips.map((flip) => `${flip.from}->${flip.to}`)).toEqual(['open->half-open', 'half-open->open']);
    expect(state.facts.circuitOpenUntil).toBe(40_000 + 60_000);
  });

  it('any failure reopens it for longer', () => {
    const half = advanceTimers(tripped(0), 30_040).state;
    const { state } = feed(half, [
      [31_000, ok],
      [31_001, bad],
    ]);
    expect(state.facts).toMatchObject({ circuit: 'open', circuitOpenUntil: 31_001 + 60_000 });
  });
});

describe('circuit breaker: max ejection share', () => {
  it.each([
    [10, 50, 5],
    [3, 50, 1],
    [1, 50, 1],
    [4, 0, 1],
    [10, 100, 10],
  ])('N=%i, pct=%i allows %i', (n, pct, expected) => {
    expect(maxEjections(n, pct)).toBe(expected);
  });

  it('a trip beyond the share is reported once, not applied', () => {
    const full = { ejected: 1, limit: 1 };
    const { state, flips } = feed(healthy(), times(8, bad), passiveDefaults, full);
    expect(state.facts.circuit).toBe('closed');
    expect(flips).toEqual([expect.objectContaining({ fact: 'circuit', from: 'closed', to: 'closed', suppressed: true })]);
    expect(flips[0]!.reason).toMatch(/max ejection share reached \(1 of 1\)/);
    // Once the share frees up, the next failure trips it.
    expect(feed(state, [[1_000, bad]]).state.facts.circuit).toBe('open');
  });
});

describe('circuit breaker: operator reset', () => {
  it('closes, clears the multiplier and starts slow start', () => {
    const { state, flipped } = resetCircuit(tripped(0), 5_000);
    expect(state.facts).toMatchObject({ circuit: 'closed', circuitOpenUntil: null, recoveredAt: 5_000 });
    expect(state.circuit.opensInRow).toBe(0);
    expect(flipped).toEqual([{ fact: 'circuit', from: 'open', to: 'closed', reason: 'reset by operator', at: 5_000 }]);
  });
});
