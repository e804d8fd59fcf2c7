import type { OutgoingHttpHeaders } from 'node:http';
import type { TargetRecord } from '../config/records.ts';
import { REFUSAL_STATUSES, type UpstreamRuntime } from '../config/snapshot.ts';
import type { AbortReason, ExchangePlan, ResponseHeadObserver } from './exchange.ts';

// What each attempt of a request is told before it starts, and whether a failed one is retried.

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
