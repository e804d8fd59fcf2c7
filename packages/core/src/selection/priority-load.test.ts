import { describe, expect, it } from 'vitest';
import { priorityLoads, tierFor, tierHealth } from './priority-load.ts';

describe('priority tiers (Envoy spill)', () => {
  it.each([
    ['all healthy', 1_000, 1_000, 1],
    ['71 % eligible × 1.4 is full health', 715, 1_000, 1],
    ['half eligible', 500, 1_000, 0.7],
    ['nothing eligible', 0, 1_000, 0],
    ['no enabled weight', 0, 0, 0],
  ])('tier health: %s', (_name, eligible, enabled, expected) => {
    expect(tierHealth(eligible, enabled, 1.4)).toBeCloseTo(expected, 3);
  });

  it.each([
    [
      [1, 1],
      [1, 0],
    ],
    [
      [0.7, 1],
      [0.7, 0.3],
    ],
    [
      [0.2, 0.5, 1],
      [0.2, 0.5, 0.3],
    ],
    [
      [0, 1],
      [0, 1],
    ],
    [
      [0.2, 0.2],
      [0.5, 0.5],
    ], // both degraded: scaled up, in proportion to health
    [
      [0, 0],
      [0, 0],
    ],
  ])('healths %j give loads %j', (healths, loads) => {
    for (const [tier, load] of priorityLoads(healths).entries()) expect(load).toBeCloseTo(loads[tier]!, 9);
  });

  it('a draw lands in the tier whose share covers it', () => {
    expect([0, 0.69, 0.7, 0.99].map((draw) => tierFor([0.7, 0.3], draw))).toEqual([0, 0, 1, 1]);
    expect(tierFor([0, 1], 0)).toBe(1);
    expect(tierFor([0, 0], 0.5)).toBe(-1);
  });
});
