import type { QuotaState } from '../quota/quota-state.ts';
import { quotaLabel } from '../quota/quota-label.ts';
import type { TargetFacts } from './facts.ts';
import { circuitAt, credentialsRejected, isCoolingDown } from './facts.ts';
import { utcTimeOfDay } from './http-date.ts';

export const displayStates = ['healthy', 'unhealthy', 'draining', 'disabled'] as const;
export type DisplayState = (typeof displayStates)[number];

export interface DisplayedState {
  state: DisplayState;
  /** Every reason that applies, whatever the precedence picked. */
  reasons: string[];
}

/** What the reasons quote from the target's settings. */
export interface DisplaySettings {
  /** Trial requests a half-open circuit lets through (the target's passive `halfOpenRequests`). */
  readonly halfOpenRequests: number;
  /**
   * The target's rate-limit budgets, passed only while its upstream is quota-aware: a low one
   * adds "quota 7 % · resets in 12 s" (the target stays Healthy; its weight is lowered).
   */
  readonly quota?: QuotaState | null | undefined;
}

const trialRequests = (count: number) => `${count} trial ${count === 1 ? 'request' : 'requests'}`;

/**
 * One state per target by precedence Disabled > Draining > Unhealthy > Healthy, with all reasons.
 * A half-open circuit is Healthy (it takes trial traffic at the slow-start factor 0.1), and says so.
 */
export function displayState(facts: TargetFacts, weight: number, now: number, settings: DisplaySettings): DisplayedState {
  const reasons: string[] = [];
  const circuit = circuitAt(facts, now);
  if (facts.admin === 'disabled') reasons.push('disabled by operator');
  if (facts.admin === 'draining') {
    const left = facts.drainDeadline ? Math.max(0, Math.ceil((facts.drainDeadline - now) / 1000)) : null;
    reasons.push(left === null ? 'draining' : `draining (${left} s left)`);
  }
  if (credentialsRejected(facts)) reasons.push(facts.credentials.reason);
  if (facts.active === 'unhealthy') reasons.push(`active: ${facts.activeReason}`);
  // A disabled or draining target takes no new traffic and is not probed: nothing is awaited.
  if (facts.active === 'awaiting' && facts.admin === 'enabled') reasons.push('awaiting first check');
  if (circuit === 'open' && facts.circuitOpenUntil !== null) reasons.push(`circuit open until ${utcTimeOfDay(facts.circuitOpenUntil)}`);
  if (circuit === 'half-open') reasons.push(`circuit half-open: ${trialRequests(settings.halfOpenRequests)}`);
  if (isCoolingDown(facts, now)) reasons.push(`rate limited ${Math.ceil((facts.cooldownUntil! - now) / 1000)} s`);
  const quota = settings.quota ? quotaLabel(settings.quota, now) : null;
  if (quota !== null) reasons.push(quota);
  if (weight === 0) reasons.push('weight 0');

  const unhealthy =
    credentialsRejected(facts) ||
    facts.active === 'unhealthy' ||
    facts.active === 'awaiting' ||
    circuit === 'open' ||
    isCoolingDown(facts, now);
  const state: DisplayState =
    facts.admin === 'disabled' ? 'disabled' : facts.admin === 'draining' ? 'draining' : unhealthy ? 'unhealthy' : 'healthy';
  return { state, reasons };
}
