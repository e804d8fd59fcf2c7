import type { SelectionContext, Selector } from './selector.ts';

/**
 * Fewest in-flight per unit of effective weight: score (inFlight + 1) ÷ weight, so between
 * idle members the heavier wins and load then spreads in proportion to weight. Ties go to
 * the first member after a rotating cursor, so equal members share sequential traffic
 * instead of the first one taking it all. A full scan: O(n) by nature of "fewest".
 */
export class LeastConnections implements Selector {
  private cursor = 0;

  constructor(private readonly size: number) {}

  choose(context: SelectionContext): number {
    let best = -1;
    let bestScore = Infinity;
    for (let step = 0; step < this.size; step++) {
      const index = (this.cursor + step) % this.size;
      const weight = context.weight(index);
      if (weight <= 0 || !context.accept(index, true)) continue;
      const score = (context.inFlight(index) + 1) / weight;
      if (score < bestScore) {
        best = index;
        bestScore = score;
      }
    }
    if (best >= 0) this.cursor = (best + 1) % this.size;
    return best;
  }
}
