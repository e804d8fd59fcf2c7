import type { OutgoingHttpHeaders } from 'node:http';
import type { TargetRecord } from '../config/records.ts';
import { REFUSAL_STATUSES, type UpstreamRuntime } from '../config/snapshot.ts';
import type { RuntimeClock } from '../lib/runtime-clock.ts';
import type { ProxyStates } from '../state/proxy-states.ts';
import type { TargetStates } from '../state/target-states.ts';
import type { AccessLog } from './access-log.ts';
import type { Dispatchers } from './dispatchers.ts';
import type { RetryBufferBudget } from './retry-buffer-budget.ts';
import type { RetryBudgets } from './retry-budgets.ts';
import type { AbortReason, ExchangePlan, ResponseHeadObserver } from './exchange.ts';

// What every request's forwarding shares, and what each of its attempts is told before it starts.

/** What forwarding reads and reports to: long-lived, shared by every request. */
export interface ForwardingParts {
  readonly targets: TargetStates;
  readonly dispatchers: Dispatchers;
  readonly proxies: ProxyStates;
  readonly retryBudgets: RetryBudgets;
  readonly accessLog: AccessLog;
  readonly clock: RuntimeClock;
  /** The node-wide bytes of bodies buffered for retries (HEADWATER_RETRY_BUFFER_BUDGET_BYTES). */
  readonly retryBuffers: RetryBufferBudget;
  /** How long a caller's body may send nothing (HEADWATER_CALLER_BODY_IDLE_MS; 0 = no limit). */
  readonly bodyIdleMs: number;
}

/** On the last attempt nothing is kept for a retry: every status is relayed as it comes. */
const NOTHING_KEPT: readonly string[] = [];

/** A failed attempt is retried when retryOn names its outcome, unless the total deadline cut it short. */
export const mayRetry = (outcome: string, aborted: AbortReason | null, retryOn: readonly string[]) =>
  aborted !== 'deadline' && retryOn.includes(outcome);

/** Where an attempt stands in its request: `more` = another attempt counted against `retries` may follow. */
export interface AttemptPosition {
  readonly index: number;
  readonly failOpen: boolean;
  readonly more: boolean;
}

/**
 * Retryable statuses are kept while another attempt may follow, a keyed target's refusals of its
 * own credentials always; the marks go on a relayed response; a quota-aware upstream's responses
 * have their heads read by `observer`.
 */
export function attemptPlan(
  upstream: UpstreamRuntime,
  target: TargetRecord,
  { index, failOpen, more }: AttemptPosition,
  observer: ResponseHeadObserver,
): ExchangePlan {
  const { config } = upstream;
  const marks: OutgoingHttpHeaders = { 'x-headwater-target': target.id, 'x-headwater-attempts': String(index + 1) };
  if (failOpen) marks['x-headwater-fail-open'] = '1';
  let keepStatuses = more ? config.retryOn : NOTHING_KEPT;
  if (upstream.keyed.has(target.id)) keepStatuses = more ? upstream.keepAtKeyed : REFUSAL_STATUSES;
  return { keepStatuses, marks, onHead: config.quotaAware ? observer : undefined };
}
