import type { SelectionContext, Selector } from './selector.ts';

const SAMPLE_TRIES = 8;

/**
 * Power of two choices: draw two members in proportion to effective weight and take the
 * one with the lower cost = peak-EWMA TTFB × (in-flight + 1) ÷ weight. O(log n) per pick
 * (two weighted draws); it falls back to a full scan only when draws keep landing on
 * members the balancer refuses (tried or full).
 */
export class LatencyPowerOfTwo implements Selector {
  constructor(private readonly size: number) {}

  choose(context: SelectionContext): number {
    const first = this.draw(context, -1);
    if (first < 0) return this.scan(context);
    const second = this.draw(context, first);
    if (second < 0) return first;
    return this.cost(context, second) < this.cost(context, first) ? second : first;
  }

  private draw(context: SelectionContext, not: number): number {
    for (let attempt = 0; attempt < SAMPLE_TRIES; attempt++) {
      const index = context.sample(context.random.next());
      if (index < 0) return -1;
      if (index !== not && context.accept(index, true)) return index;
    }
    return -1;
  }

  private cost(context: SelectionContext, index: number): number {
    return (context.latencyMs(index) * (context.inFlight(index) + 1)) / context.weight(index);
  }

  private scan(context: SelectionContext): number {
    let best = -1;
    let bestCost = Infinity;
    for (let index = 0; index < this.size; index++) {
      if (context.weight(index) <= 0 || !context.accept(index, true)) continue;
      const cost = this.cost(context, index);
      if (cost < bestCost) {
        best = index;
        bestCost = cost;
      }
    }
    return best;
  }
}
