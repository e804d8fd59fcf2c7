import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BalancerTarget, LiveTargets } from './pick.ts';
import { Balancer } from './balancer.ts';
import type { TargetFacts } from './health/facts.ts';
import { CREDENTIALS_ACCEPTED } from './health/credentials.ts';
import { isCoolingDown, isEligible } from './health/facts.ts';
import { algorithms } from './model/upstream.ts';
import { seededRandom } from './ports.ts';

// Property: whatever the facts, loads and algorithm, a pick is an eligible, untried target
// with room, unless it is marked fail-open (and then no eligible target existed at all); a
// target that refused its credentials is never picked, not even by fail-open.

const facts: fc.Arbitrary<TargetFacts> = fc.record({
  admin: fc.constantFrom('enabled', 'enabled', 'enabled', 'draining', 'disabled'),
  active: fc.constantFrom('off', 'healthy', 'healthy', 'unhealthy', 'awaiting'),
  activeReason: fc.constant(''),
  circuit: fc.constantFrom('closed', 'closed', 'open', 'half-open'),
  circuitOpenUntil: fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: null }),
  cooldownUntil: fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: null }),
  recoveredAt: fc.option(fc.integer({ min: 0, max: 2_000 }), { nil: null }),
  drainDeadline: fc.constant(null),
  credentials: fc.constantFrom<TargetFacts['credentials'][]>(CREDENTIALS_ACCEPTED, CREDENTIALS_ACCEPTED, CREDENTIALS_ACCEPTED, {
    status: 'rejected',
    reason: 'credentials rejected (401)',
    since: 0,
  }),
});
const targetSpec = fc.record({
  weight: fc.constantFrom(0, 1, 50, 100, 1000),
  priority: fc.integer({ min: 0, max: 2 }),
  maxInFlight: fc.constantFrom(0, 0, 1, 2),
  load: fc.integer({ min: 0, max: 3 }),
  facts,
  // A budget of 100 requests, anywhere from empty to full, resetting within the run or not.
  quota: fc.option(
    fc.record({
      requests: fc.record({
        remaining: fc.integer({ min: 0, max: 100 }),
        limit: fc.constant(100),
        resetAt: fc.integer({ min: 0, max: 3_000 }),
      }),
      tokens: fc.constant(null),
    }),
    { nil: null },
  ),
});

describe('balancer safety', () => {
  it('property: never an ineligible, tried or full target unless fail-open says so', () => {
    fc.assert(
      fc.property(
        fc.array(targetSpec, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...algorithms),
        fc.boolean(),
        fc.integer({ min: 0, max: 2_500 }),
        fc.integer({ min: 1, max: 5 }),
        (specs, algorithm, failOpen, now, attempts) => {
          const targets: BalancerTarget[] = specs.map((spec, index) => ({
            id: `t${index}`,
            weight: spec.weight,
            priority: spec.priority,
            maxInFlight: spec.maxInFlight,
          }));
          const byId = new Map(specs.map((spec, index) => [`t${index}`, spec]));
          const live: LiveTargets = {
            facts: (id) => byId.get(id)!.facts,
            inFlight: (id) => byId.get(id)!.load,
            latencyMs: () => 50,
            quota: (id) => byId.get(id)!.quota,
          };
          const balancer = new Balancer(targets, { slowStartMs: 1_000, failOpen, algorithm, random: seededRandom(3) });
          const candidates = balancer.candidates(live, { hashKey: 'user-1' });
          const tried = new Set<string>();
          const full = (spec: (typeof specs)[number], id: string) => {
            const halfOpenCap = byId.get(id)!.facts.circuit === 'half-open' ? 3 : Infinity;
            return spec.load >= Math.min(spec.maxInFlight > 0 ? spec.maxInFlight : Infinity, halfOpenCap);
          };
          for (let attempt = 0; attempt < attempts; attempt++) {
            const pick = candidates.next(now);
            if (pick.kind !== 'target') continue;
            const spec = byId.get(pick.target.id)!;
            expect(tried.has(pick.target.id)).toBe(false);
            tried.add(pick.target.id);
            if (!pick.failOpen) {
              expect(isEligible(spec.facts, spec.weight, now)).toBe(true);
              expect(full(spec, pick.target.id)).toBe(false);
            } else {
              expect(failOpen).toBe(true);
              expect(spec.facts.admin).toBe('enabled');
              expect(spec.facts.credentials.status).toBe('accepted');
              expect(spec.weight).toBeGreaterThan(0);
              expect(isCoolingDown(spec.facts, now)).toBe(false);
              expect(specs.some((other) => isEligible(other.facts, other.weight, now))).toBe(false);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
