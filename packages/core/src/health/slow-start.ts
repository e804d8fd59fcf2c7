/** Slow-start factor: max(0.1, elapsed ÷ slowStartMs) after a recovery, 1 once the ramp is done or when off. */
export function slowStartFactor(recoveredAt: number | null, slowStartMs: number, now: number): number {
  if (recoveredAt === null || slowStartMs <= 0) return 1;
  const elapsed = now - recoveredAt;
  if (elapsed >= slowStartMs) return 1;
  return Math.max(0.1, elapsed / slowStartMs);
}
