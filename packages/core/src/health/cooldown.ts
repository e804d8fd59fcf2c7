import type { Flip } from './flip.ts';
import { flip } from './flip.ts';
import { parseHttpDate } from './http-date.ts';
import type { Observed, TargetHealth } from './target-health.ts';
import { unchanged } from './target-health.ts';

export const DEFAULT_COOLDOWN_MS = 5_000;
export const MAX_COOLDOWN_MS = 600_000;

export interface RetryAfterHeaders {
  readonly retryAfter?: string | null | undefined;
  readonly retryAfterMs?: string | null | undefined;
}

/**
 * How long a 429 asks us to wait: `retry-after-ms` (OpenAI, Azure; more precise) wins over
 * `Retry-After` (delta-seconds or an HTTP date); 5 s when absent or neither of those (`1.5`, `-1`,
 * `soon`); at most 10 min.
 */
export function cooldownMs(headers: RetryAfterHeaders, now: number): number {
  const exact = headers.retryAfterMs?.trim();
  if (exact && /^\d+(\.\d+)?$/.test(exact)) return clamp(Number(exact));
  const value = headers.retryAfter?.trim();
  if (value) {
    if (/^\d+$/.test(value)) return clamp(Number(value) * 1_000);
    const date = parseHttpDate(value, now);
    if (date !== null) return clamp(date - now);
  }
  return DEFAULT_COOLDOWN_MS;
}

const clamp = (ms: number) => Math.min(MAX_COOLDOWN_MS, Math.max(0, Math.ceil(ms)));

/**
 * A 429 starts (or lengthens) a cooldown. Only its start is a flip: a burst of 429s from
 * requests already in flight extends the time silently instead of flooding the event log.
 */
export function startCooldown(health: TargetHealth, headers: RetryAfterHeaders, now: number): Observed {
  const waitMs = cooldownMs(headers, now);
  const until = now + waitMs;
  const current = health.facts.cooldownUntil;
  const cooling = current !== null && current > now;
  if (waitMs <= 0 || (cooling && current >= until)) return unchanged(health);
  const state = { ...health, facts: { ...health.facts, cooldownUntil: until } };
  const flipped: Flip[] = cooling ? [] : [flip('cooldown', 'none', 'cooling', `rate limited ${Math.ceil(waitMs / 1_000)} s`, now)];
  return { state, flipped };
}

/** The cooldown's time has passed: it ends at its own time, and slow start runs from there. */
export function expireCooldown(health: TargetHealth, now: number): Observed {
  const until = health.facts.cooldownUntil;
  if (until === null || until > now) return unchanged(health);
  const recoveredAt = Math.max(health.facts.recoveredAt ?? until, until);
  return {
    state: { ...health, facts: { ...health.facts, cooldownUntil: null, recoveredAt } },
    flipped: [flip('cooldown', 'cooling', 'none', 'cooldown ended', until)],
  };
}

/** "End cooldown" from the console: logged, then slow start. */
export function endCooldown(health: TargetHealth, now: number, by = 'operator'): Observed {
  const until = health.facts.cooldownUntil;
  if (until === null) return unchanged(health);
  const state = { ...health, facts: { ...health.facts, cooldownUntil: null, recoveredAt: now } };
  return until > now ? { state, flipped: [flip('cooldown', 'cooling', 'none', `ended by ${by}`, now)] } : expireCooldown(health, now);
}
