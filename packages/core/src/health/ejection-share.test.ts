import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { passiveDefaults } from '../test-kit.ts';
import { maxEjections } from './circuit-breaker.ts';
import { circuitAt } from './facts.ts';
import type { TrafficOutcome } from './passive-outcomes.ts';
import { observeOutcome } from './passive-outcomes.ts';
import { initialHealth } from './target-health.ts';
import { advanceTimers } from './timers.ts';

const ok: TrafficOutcome = { kind: 'response', status: 200 };
const bad: TrafficOutcome = { kind: 'reset' };

describe('max ejection share', () => {
  it('property: an upstream never holds more circuits open or half-open than max(1, floor(N × pct ÷ 100))', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 100 }),
        fc.array(fc.tuple(fc.nat(), fc.boolean(), fc.integer({ min: 0, max: 8_000 })), { minLength: 1, maxLength: 400 }),
        (size, pct, events) => {
          const settings = { ...passiveDefaults, consecutiveFailures: 2, halfOpenRequests: 1, maxEjectionPct: pct };
          const limit = maxEjections(size, pct);
          let states = Array.from({ length: size }, () => initialHealth('enabled', false, 0));
          let now = 0;
          for (const [which, failed, step] of events) {
            now += step;
            states = states.map((state) => advanceTimers(state, now).state);
            const ejected = states.filter((state) => circuitAt(state.facts, now) !== 'closed').length;
            const index = which % size;
            states[index] = observeOutcome(states[index]!, failed ? bad : ok, settings, { ejected, limit }, now).state;
            expect(states.filter((state) => circuitAt(state.facts, now) !== 'closed').length).toBeLessThanOrEqual(limit);
          }
        },
      ),
    );
  });
});
