import { describe, expect, it } from 'vitest';
import { SmoothWeightedRoundRobin } from './smooth-weighted-round-robin.ts';

const run = (weights: number[], picks: number) => {
  const rotation = new SmoothWeightedRoundRobin(weights.length);
  return Array.from({ length: picks }, () => rotation.pick((i) => weights[i]!));
};

describe('smooth weighted round-robin', () => {
  it.each([
    [[5, 1, 1], 'aabacaa'],
    [[1, 1], 'ab'],
    [[3, 1], 'aaba'],
  ])('weights %j give the NGINX sequence', (weights, expected) => {
    const letters = run(
      weights,
      weights.reduce((a, b) => a + b, 0),
    ).map((i) => 'abc'[i]);
    expect(letters.join('')).toBe(expected.replace(/ /g, ''));
  });

  it('serves exact proportions over each cycle', () => {
    const weights = [7, 3, 0, 5];
    const counts = [0, 0, 0, 0];
    for (const index of run(weights, 15 * 4)) counts[index]!++;
    expect(counts).toEqual([28, 12, 0, 20]);
  });

  it('returns -1 when nothing has weight', () => {
    expect(run([0, 0], 1)).toEqual([-1]);
  });
});
