/**
 * Envoy's priority spill. A tier's health = min(1, overprovisioningFactor × eligible
 * effective weight ÷ weight of its enabled targets). The best tier takes its health as its
 * share of traffic, the next tier takes what is left up to its own health, and so on. When
 * the healths sum to less than 1 they are scaled up so all traffic still lands somewhere,
 * in proportion to each tier's health.
 */
export function tierHealth(eligibleWeight: number, enabledWeight: number, overprovisioningFactor: number): number {
  if (enabledWeight <= 0 || eligibleWeight <= 0) return 0;
  return Math.min(1, (overprovisioningFactor * eligibleWeight) / enabledWeight);
}

/** Share of traffic per tier (best first), summing to 1, or all 0 when no tier has health. */
export function priorityLoads(healths: readonly number[]): number[] {
  const total = healths.reduce((sum, health) => sum + health, 0);
  if (total <= 0) return healths.map(() => 0);
  const scale = total < 1 ? 1 / total : 1;
  let remaining = 1;
  return healths.map((health) => {
    const load = Math.min(remaining, health * scale);
    remaining -= load;
    return load;
  });
}

/** The tier a uniform draw in [0, 1) lands in, given loads; -1 when every load is 0. */
export function tierFor(loads: ArrayLike<number>, draw: number): number {
  let last = -1;
  let cumulative = 0;
  for (let tier = 0; tier < loads.length; tier++) {
    const load = loads[tier]!;
    if (load <= 0) continue;
    cumulative += load;
    last = tier;
    if (draw < cumulative) return tier;
  }
  return last; // rounding: the draw fell past the last share
}
