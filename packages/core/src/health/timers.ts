import { settled } from './circuit-breaker.ts';
import { expireCooldown } from './cooldown.ts';
import type { Observed, TargetHealth } from './target-health.ts';

/**
 * Runs the facts' own timers that are due: an open circuit half-opens, a cooldown ends.
 * Eligibility already reads both by time, so a late timer changes no pick; it only makes
 * the event (stamped with the due time, not the tick's) and the stored state catch up.
 */
export function advanceTimers(health: TargetHealth, now: number): Observed {
  const circuit = settled(health, now);
  const cooldown = expireCooldown(circuit.state, now);
  return { state: cooldown.state, flipped: [...circuit.flipped, ...cooldown.flipped] };
}

/** The next time `advanceTimers` (or `progressDrain`, for the drain deadline) has work, or null. */
export function nextDeadline(health: TargetHealth): number | null {
  const { facts } = health;
  const times = [
    facts.circuit === 'open' ? facts.circuitOpenUntil : null,
    facts.cooldownUntil,
    facts.admin === 'draining' ? facts.drainDeadline : null,
  ].filter((time): time is number => time !== null);
  return times.length === 0 ? null : Math.min(...times);
}
