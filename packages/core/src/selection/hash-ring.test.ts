import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HashRing, pointsPerWeight } from './hash-ring.ts';
import { hashString } from './hash.ts';
import type { SelectionContext } from './selector.ts';

const context = (keyHash: number | null, accept: (index: number) => boolean = () => true, randomStart = 0): SelectionContext => ({
  accept: (index) => accept(index),
  weight: () => 1,
  inFlight: () => 0,
  latencyMs: () => 1,
  sample: () => -1,
  random: { next: () => 0 },
  keyHash,
  randomStart,
});
const keys = Array.from({ length: 3_000 }, (_, index) => hashString(`user-${index}`));
const ownerIds = (ring: HashRing, ids: string[], accept?: (index: number) => boolean) =>
  keys.map((key) => ids[ring.choose(context(key, accept))]);

describe('consistent hashing', () => {
  it('the same key always lands on the same target', () => {
    const ids = ['a', 'b', 'c'];
    const ring = new HashRing(ids, [100, 100, 100]);
    expect(ownerIds(ring, ids)).toEqual(ownerIds(new HashRing(ids, [100, 100, 100]), ids));
  });

  it('spreads keys in proportion to weight (within 15 %)', () => {
    const ids = ['a', 'b', 'c'];
    const owners = ownerIds(new HashRing(ids, [100, 200, 100]), ids);
    const share = (id: string) => owners.filter((owner) => owner === id).length / owners.length;
    expect(share('b')).toBeGreaterThan(0.5 * 0.85);
    expect(share('b')).toBeLessThan(0.5 * 1.15);
    expect(share('a')).toBeGreaterThan(0.25 * 0.85);
  });

  it('property: when a target leaves, only its keys move (tolerance: zero other keys, below the ring budget)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 8 }), { minLength: 2, maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 12, maxLength: 12 }),
        fc.nat(),
        (ids, weights, leaverSeed) => {
          const leaver = leaverSeed % ids.length;
          const before = new HashRing(ids, weights.slice(0, ids.length));
          const restIds = ids.filter((_, index) => index !== leaver);
          const after = new HashRing(
            restIds,
            weights.slice(0, ids.length).filter((_, index) => index !== leaver),
          );
          const was = ownerIds(before, ids);
          const now = ownerIds(after, restIds);
          was.forEach((owner, key) => {
            if (owner !== ids[leaver]) expect(now[key]).toBe(owner);
          });
        },
      ),
      { numRuns: 40 },
    );
  });

  it('a refused owner passes the key to the next distinct target clockwise; retries walk on', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const ring = new HashRing(ids, [100, 100, 100, 100]);
    const key = keys[0]!;
    const walk: number[] = [];
    for (let attempt = 0; attempt < 4; attempt++) walk.push(ring.choose(context(key, (index) => !walk.includes(index))));
    expect(new Set(walk).size).toBe(4);
    expect(walk[0]).toBe(ring.owner(ring.position(key)));
    expect(ring.choose(context(key, (index) => !walk.includes(index)))).toBe(-1);
  });

  it('a request without a key gets a random point (and its retries walk from there)', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const ring = new HashRing(ids, [100, 100, 100, 100]);
    const picks = new Set([0.1, 0.3, 0.6, 0.9].map((start) => ring.choose(context(null, () => true, start))));
    expect(picks.size).toBeGreaterThan(1);
  });

  it('keeps the ring near a million points for big upstreams', () => {
    expect(pointsPerWeight(300)).toBe(1.6);
    expect(pointsPerWeight(10_000 * 100)).toBe(1);
    expect(new HashRing(['a'], [0]).choose(context(1))).toBe(-1);
  });
});
