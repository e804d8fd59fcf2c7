import type { ActiveHealthCheck } from '../model/health-checks.ts';
import type { Random } from '../ports.ts';
import { flipComing } from './active-checks.ts';
import type { TargetHealth } from './target-health.ts';

/** Each interval is shortened by up to this share, so probes of many targets spread out. */
export const PROBE_JITTER = 0.1;

/**
 * When the next probe of a target is due (epoch ms), or null when it must not be probed:
 * checks off, target disabled, or healthy with `healthy.intervalMs` 0.
 *
 * - awaiting its first check (never probed since checks started): at once (`now`);
 * - healthy: every `healthy.intervalMs`; unhealthy or awaiting: every `unhealthy.intervalMs`;
 * - counters moving toward a flip (a failure while healthy, a pass while unhealthy):
 *   `unhealthy.intervalMs`, so a dying target leaves fast;
 * - jitter shortens an interval by up to 10 % (never lengthens it, so detection time stays
 *   within what the operator configured);
 * - draining targets are still probed; a target in cooldown is not probed before its end.
 */
export function nextProbeAt(health: TargetHealth, settings: ActiveHealthCheck, random: Random, now: number): number | null {
  const { facts, active: counters } = health;
  if (facts.active === 'off' || facts.admin === 'disabled') return null;
  let due: number;
  if (counters.lastProbeAt === null) {
    due = now;
  } else {
    const fast = facts.active !== 'healthy' || flipComing(health);
    const intervalMs = fast ? settings.unhealthy.intervalMs : settings.healthy.intervalMs;
    if (intervalMs <= 0) return null;
    due = counters.lastProbeAt + intervalMs * (1 - PROBE_JITTER * random.next());
  }
  if (facts.cooldownUntil !== null && facts.cooldownUntil > due) due = facts.cooldownUntil;
  return due;
}
