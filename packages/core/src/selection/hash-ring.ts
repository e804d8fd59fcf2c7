import { hashString, pointHash } from './hash.ts';
import type { SelectionContext, Selector } from './selector.ts';

const OWNER_BITS = 2 ** 21; // up to 2 097 152 members; hash (32 bits) × 2^21 + owner < 2^53
const RING_BUDGET = 2 ** 20;
const POINTS_PER_WEIGHT = 1.6; // 160 points for a weight-100 target while the ring is small

/**
 * Points per unit of weight: 1.6, lowered by powers of two only once the ring would exceed
 * about a million points. It does not depend on the exact set, so a target that leaves
 * takes only its own points with it and no other key moves (unless the total weight
 * crosses a power of two above that budget, which rescales the ring).
 */
export function pointsPerWeight(totalWeight: number): number {
  if (totalWeight <= 0) return POINTS_PER_WEIGHT;
  return Math.min(POINTS_PER_WEIGHT, 2 ** Math.floor(Math.log2(RING_BUDGET / totalWeight)));
}

/**
 * Consistent hashing on a weighted ring (Ketama-style). Positions come from each target's
 * id, so they survive rebuilds; slow start is ignored so positions stay stable. A key maps
 * to the first point at or after its hash (binary search, O(log points)); a refused owner
 * (ineligible, or already tried by this request) passes the key on to the next distinct
 * owner clockwise.
 */
export class HashRing implements Selector {
  /** Sorted: hash × 2^21 + owner. */
  readonly points: Float64Array;
  private readonly seen: Uint32Array;
  private stamp = 0;

  constructor(ids: readonly string[], weights: readonly number[]) {
    const total = weights.reduce((sum, weight) => sum + Math.max(0, weight), 0);
    const scale = pointsPerWeight(total);
    const counts = weights.map((weight) => (weight > 0 ? Math.max(1, Math.round(weight * scale)) : 0));
    this.points = new Float64Array(counts.reduce((sum, count) => sum + count, 0));
    let at = 0;
    ids.forEach((id, owner) => {
      const idHash = hashString(id);
      for (let replica = 0; replica < counts[owner]!; replica++) this.points[at++] = pointHash(idHash, replica) * OWNER_BITS + owner;
    });
    this.points.sort();
    this.seen = new Uint32Array(ids.length);
  }

  /** Index of the first point at or after `hash`, wrapping to 0. */
  position(hash: number): number {
    const wanted = hash * OWNER_BITS;
    let low = 0;
    let high = this.points.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.points[middle]! < wanted) low = middle + 1;
      else high = middle;
    }
    return low === this.points.length ? 0 : low;
  }

  owner(point: number): number {
    return this.points[point]! % OWNER_BITS;
  }

  choose(context: SelectionContext): number {
    const length = this.points.length;
    if (length === 0) return -1;
    const start = context.keyHash === null ? Math.floor(context.randomStart * length) % length : this.position(context.keyHash);
    if (++this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    for (let step = 0; step < length; step++) {
      const owner = this.owner((start + step) % length);
      if (this.seen[owner] === this.stamp) continue;
      this.seen[owner] = this.stamp;
      if (context.accept(owner, true)) return owner;
    }
    return -1;
  }
}
