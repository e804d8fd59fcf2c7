import type { ActiveHealthCheck, PassiveHealthCheck } from '../model/health-checks.ts';
import { statusMatcher } from '../model/rules.ts';
import type { StatusList } from '../model/rules.ts';
import { circuitAt } from './facts.ts';
import type { Flip } from './flip.ts';
import { flip } from './flip.ts';
import type { ActiveCounters, Observed, TargetHealth } from './target-health.ts';
import { freshActiveCounters, unchanged } from './target-health.ts';

/** What a probe saw, as the runtime's prober reports it. Probes never count as traffic. */
export type ProbeResult =
  | { readonly kind: 'status'; readonly status: number } // http/https probe got a response
  | { readonly kind: 'connected' } // tcp probe connected
  | { readonly kind: 'tcp-failure'; readonly detail?: string } // refused, reset, DNS, TLS...
  | { readonly kind: 'timeout' };

export type ProbeVerdict = 'pass' | 'http-failure' | 'tcp-failure' | 'timeout';

const matchers = new WeakMap<StatusList, (status: number) => boolean>();
/** Compiled once per settings object: status lists are immutable config. */
export function cachedMatcher(list: StatusList): (status: number) => boolean {
  let matcher = matchers.get(list);
  if (!matcher) {
    matcher = statusMatcher(list);
    matchers.set(list, matcher);
  }
  return matcher;
}

export function classifyProbe(result: ProbeResult, settings: Pick<ActiveHealthCheck, 'expectedStatuses'>): ProbeVerdict {
  switch (result.kind) {
    case 'status':
      return cachedMatcher(settings.expectedStatuses)(result.status) ? 'pass' : 'http-failure';
    case 'connected':
      return 'pass';
    case 'tcp-failure':
      return 'tcp-failure';
    case 'timeout':
      return 'timeout';
  }
}

export interface ProbeSettings {
  readonly active: ActiveHealthCheck;
  /** Only `baseEjectionMs` is read: an active pass half-opens a circuit open at least that long. */
  readonly passive: Pick<PassiveHealthCheck, 'baseEjectionMs'>;
}

const plural = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function failureReason(verdict: Exclude<ProbeVerdict, 'pass'>, counters: ActiveCounters, result: ProbeResult): string {
  if (verdict === 'timeout') return plural(counters.timeouts, 'timeout');
  if (verdict === 'tcp-failure') {
    const detail = result.kind === 'tcp-failure' && result.detail ? ` (${result.detail})` : '';
    return `${plural(counters.tcpFailures, 'TCP failure')}${detail}`;
  }
  const status = result.kind === 'status' ? ` (last ${result.status})` : '';
  return `${plural(counters.httpFailures, 'HTTP failure')}${status}`;
}

/**
 * Kong's counters: a pass adds one to `successes` and clears the failure counters; a
 * failure adds one to its own counter and clears `successes`; a counter reaching its
 * threshold flips `active`. Before a target has ever been Healthy, one pass is enough.
 */
export function observeProbe(health: TargetHealth, result: ProbeResult, settings: ProbeSettings, now: number): Observed {
  const facts = health.facts;
  if (facts.active === 'off') return unchanged(health);
  const verdict = classifyProbe(result, settings.active);
  const before = health.active;
  const flipped: Flip[] = [];
  let nextFacts = facts;
  let counters: ActiveCounters;

  if (verdict === 'pass') {
    counters = { ...freshActiveCounters(before.everHealthy), successes: before.successes + 1, lastProbeAt: now };
    const needed = facts.active === 'awaiting' || !before.everHealthy ? 1 : settings.active.healthy.successes;
    if (facts.active !== 'healthy' && counters.successes >= needed) {
      const reason =
        needed === 1 && facts.active === 'awaiting' ? 'first check passed' : plural(counters.successes, 'success', 'successes');
      // A known target's first check after a restart is not a recovery (see initialHealth).
      const firstCheckOfKnownTarget = facts.active === 'awaiting' && facts.recoveredAt === null;
      nextFacts = { ...nextFacts, active: 'healthy', activeReason: reason, recoveredAt: firstCheckOfKnownTarget ? null : now };
      counters = { ...counters, everHealthy: true };
      flipped.push(flip('active', facts.active, 'healthy', reason, now));
    }
    // The one exception to "a circuit is cleared by traffic only" that the spec names: an
    // active pass half-opens a circuit that has been open for at least baseEjectionMs.
    if (circuitAt(facts, now) === 'open' && facts.circuitOpenUntil !== null) {
      const openedAt = health.circuit.openedAt ?? now;
      if (now - openedAt >= settings.passive.baseEjectionMs) {
        nextFacts = { ...nextFacts, circuit: 'half-open', circuitOpenUntil: null };
        flipped.push(flip('circuit', 'open', 'half-open', 'active check passed: trial requests', now));
        const circuit = { ...health.circuit, halfOpenSuccesses: 0 };
        return { state: { ...health, facts: nextFacts, active: counters, circuit }, flipped };
      }
    }
  } else {
    counters = {
      ...before,
      successes: 0,
      httpFailures: before.httpFailures + (verdict === 'http-failure' ? 1 : 0),
      tcpFailures: before.tcpFailures + (verdict === 'tcp-failure' ? 1 : 0),
      timeouts: before.timeouts + (verdict === 'timeout' ? 1 : 0),
      lastProbeAt: now,
    };
    const { unhealthy } = settings.active;
    const reached =
      (verdict === 'http-failure' && counters.httpFailures >= unhealthy.httpFailures) ||
      (verdict === 'tcp-failure' && counters.tcpFailures >= unhealthy.tcpFailures) ||
      (verdict === 'timeout' && counters.timeouts >= unhealthy.timeouts);
    if (reached && facts.active !== 'unhealthy') {
      const reason = failureReason(verdict, counters, result);
      nextFacts = { ...nextFacts, active: 'unhealthy', activeReason: reason };
      flipped.push(flip('active', facts.active, 'unhealthy', reason, now));
    }
  }
  return { state: { ...health, facts: nextFacts, active: counters }, flipped };
}

/** Whether counters are moving toward a flip: such a target is probed at the fast cadence. */
export function flipComing(health: TargetHealth): boolean {
  const { active } = health.facts;
  const counters = health.active;
  if (active === 'healthy') return counters.httpFailures + counters.tcpFailures + counters.timeouts > 0;
  if (active === 'unhealthy') return counters.successes > 0;
  return false;
}
