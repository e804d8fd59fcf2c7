import type { SelectionContext, Selector } from './selector.ts';

/**
 * Weighted round-robin as an earliest-deadline-first (stride) scheduler: the k-th turn of
 * member i is due at (2k+1) ÷ (2·wᵢ). Popping the earliest deadline from a binary heap costs
 * O(log n) per pick instead of smooth round-robin's O(n) scan, with the same guarantees:
 * - exact proportions: the W = Σw turns due before 1 are exactly wᵢ per member, so every
 *   cycle of W picks serves each member exactly its weight (then the clock resets);
 * - interleaving: members of equal weight share deadlines and ties go by index, so they
 *   alternate and never take two turns in a row while an equal peer waits;
 * - half-step offsets spread a heavy member's turns across the cycle instead of bunching.
 * Deadlines are compared as integer cross-products, so no floating error creeps in.
 * A member the balancer refuses still uses its turn (it earns no credit while ineligible).
 */
export class EdfRoundRobin implements Selector {
  private readonly weights: Int32Array;
  private readonly turns: Float64Array;
  private readonly heap: Int32Array;
  private readonly size: number;
  private readonly cycle: number;
  private taken = 0;
  private cursor = 0;

  /** After this many refused turns in one pick, fall back to one scan so a pick stays bounded. */
  static readonly maxOffers = 64;

  constructor(weights: readonly number[]) {
    this.weights = Int32Array.from(weights, (weight) => Math.max(0, Math.round(weight)));
    const members: number[] = [];
    for (let index = 0; index < this.weights.length; index++) if (this.weights[index]! > 0) members.push(index);
    this.heap = Int32Array.from(members);
    this.size = members.length;
    this.turns = new Float64Array(this.weights.length);
    this.cycle = members.reduce((sum, index) => sum + this.weights[index]!, 0);
    this.heapify();
  }

  /** The next member in schedule order, regardless of eligibility (for tests and benchmarks). */
  next(): number {
    if (this.size === 0) return -1;
    const index = this.heap[0]!;
    this.turns[index]! += 1;
    this.siftDown(0);
    if (++this.taken === this.cycle) {
      // Every member has had exactly its weight in turns: start the next identical cycle.
      this.taken = 0;
      this.turns.fill(0);
      this.heapify();
    }
    return index;
  }

  choose(context: SelectionContext): number {
    if (this.size === 0) return -1;
    const offers = EdfRoundRobin.maxOffers;
    for (let offer = 0; offer < offers; offer++) {
      const index = this.next();
      if (context.accept(index, false)) return index;
    }
    // Most members refused (down, tried, full): one bounded scan from a rotating cursor.
    const count = this.weights.length;
    for (let step = 0; step < count; step++) {
      const index = (this.cursor + step) % count;
      if (this.weights[index]! > 0 && context.accept(index, true)) {
        this.cursor = index + 1;
        return index;
      }
    }
    return -1;
  }

  private before(a: number, b: number): boolean {
    const left = (2 * this.turns[a]! + 1) * this.weights[b]!;
    const right = (2 * this.turns[b]! + 1) * this.weights[a]!;
    return left < right || (left === right && a < b);
  }

  private heapify(): void {
    for (let slot = (this.size >> 1) - 1; slot >= 0; slot--) this.siftDown(slot);
  }

  private siftDown(start: number): void {
    const heap = this.heap;
    let slot = start;
    for (;;) {
      const left = 2 * slot + 1;
      if (left >= this.size) return;
      const right = left + 1;
      const child = right < this.size && this.before(heap[right]!, heap[left]!) ? right : left;
      if (!this.before(heap[child]!, heap[slot]!)) return;
      const swap = heap[slot]!;
      heap[slot] = heap[child]!;
      heap[child] = swap;
      slot = child;
    }
  }
}
