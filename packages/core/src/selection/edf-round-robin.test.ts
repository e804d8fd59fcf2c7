import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EdfRoundRobin } from './edf-round-robin.ts';
import type { SelectionContext } from './selector.ts';

const schedule = (weights: number[], picks: number) => {
  const rotation = new EdfRoundRobin(weights);
  return Array.from({ length: picks }, () => rotation.next());
};
const letters = (indices: number[]) => indices.map((index) => 'abcdefgh'[index]).join('');

const accepting = (accept: (index: number, lastResort: boolean) => boolean): SelectionContext => ({
  accept,
  weight: () => 1,
  inFlight: () => 0,
  latencyMs: () => 1,
  sample: () => -1,
  random: { next: () => 0 },
  keyHash: null,
  randomStart: 0,
});

describe('weighted round-robin (EDF schedule)', () => {
  it.each([
    [[1, 1], 'abab'],
    [[3, 1], 'aabaaaba'],
    [[5, 1, 1], 'aaabcaa'],
    [[2, 2, 1], 'abcababcab'],
    [[0, 1, 1], 'bcbc'],
  ])('weights %j give %s', (weights, expected) => {
    expect(letters(schedule(weights, expected.length))).toBe(expected);
  });

  it('property: every cycle of Σw picks serves each target exactly its weight', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 12 }),
        fc.integer({ min: 1, max: 3 }),
        (weights, cycles) => {
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          fc.pre(total > 0);
          const picks = schedule(weights, total * cycles);
          for (let cycle = 0; cycle < cycles; cycle++) {
            const counts = weights.map(() => 0);
            for (const index of picks.slice(cycle * total, (cycle + 1) * total)) counts[index]!++;
            expect(counts).toEqual(weights);
          }
        },
      ),
    );
  });

  it('property: a target never gets two picks in a row while another of equal weight exists', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 2, maxLength: 10 }), (weights) => {
        const total = weights.reduce((sum, weight) => sum + weight, 0);
        const picks = schedule(weights, total * 2);
        for (let at = 1; at < picks.length; at++) {
          const index = picks[at]!;
          if (picks[at - 1] !== index) continue;
          const hasTwin = weights.some((weight, other) => other !== index && weight === weights[index]);
          expect(hasTwin).toBe(false);
        }
      }),
    );
  });

  it('a refused target loses its turn and the next one in the schedule is offered', () => {
    const rotation = new EdfRoundRobin([1, 1, 1]);
    const picks = Array.from({ length: 4 }, () => rotation.choose(accepting((index) => index !== 1)));
    expect(letters(picks)).toBe('acac');
  });

  it('falls back to one bounded scan when the schedule keeps offering refused targets', () => {
    const weights = [1000, ...Array.from({ length: 99 }, () => 1)];
    const rotation = new EdfRoundRobin(weights);
    const offered: boolean[] = [];
    const picked = rotation.choose(
      accepting((index, lastResort) => {
        offered.push(lastResort);
        return index === 57;
      }),
    );
    expect(picked).toBe(57);
    expect(offered.filter((lastResort) => !lastResort).length).toBe(EdfRoundRobin.maxOffers);
    expect(rotation.choose(accepting(() => false))).toBe(-1);
  });
});
