/**
 * Smooth weighted round-robin (NGINX's): each pick adds every candidate's weight to its
 * running score, takes the highest, and subtracts the total from the winner. Over any cycle
 * of total-weight picks every candidate is chosen exactly weight times, interleaved rather
 * than in bursts. Weights may change between picks (slow start, eligibility); a weight of 0
 * means "not a candidate for this pick".
 *
 * @deprecated The balancer now uses `EdfRoundRobin` (O(log n) per pick, same proportions
 * and interleaving). Kept as the O(n) reference the benchmark compares against.
 */
export class SmoothWeightedRoundRobin {
  private readonly scores: Float64Array;

  constructor(readonly size: number) {
    this.scores = new Float64Array(size);
  }

  /** Index of the chosen candidate, or -1 when every weight is 0. */
  pick(weightOf: (index: number) => number): number {
    let total = 0;
    let best = -1;
    let bestScore = -Infinity;
    for (let index = 0; index < this.size; index++) {
      const weight = weightOf(index);
      if (weight <= 0) continue;
      const score = this.scores[index]! + weight;
      this.scores[index] = score;
      total += weight;
      if (score > bestScore) {
        bestScore = score;
        best = index;
      }
    }
    if (best >= 0) this.scores[best]! -= total;
    return best;
  }
}
