import type { TrafficOutcome } from '@headwater/core';
import type { AttemptOutcome } from './access-log.ts';
import type { AbortReason, ExchangeResult } from './exchange.ts';
import type { AttemptFailure, TransportOutcome } from './outcome.ts';

// How one attempt ended, in the two words it is reported in: the access log's AttemptOutcome
// and the passive checks' TrafficOutcome (core). The fixed outcomes are shared constants, so
// classifying allocates nothing on the hot path.

type Relayed = Extract<ExchangeResult, { kind: 'relayed' }>;

const CALLER_ABORTED: TrafficOutcome = { kind: 'caller-aborted' };
const DRAIN_ABORTED: TrafficOutcome = { kind: 'drain-aborted' };
const ERROR_AFTER_HEADERS: TrafficOutcome = { kind: 'error-after-headers' };
const TRANSPORT_FAILURES: Readonly<Record<TransportOutcome, TrafficOutcome>> = {
  'connect-error': { kind: 'connect-error' },
  reset: { kind: 'reset' },
  timeout: { kind: 'timeout' },
};

/** An attempt that failed before any response header, as the access log records it. */
export function failedAttemptOutcome(failure: Exclude<AttemptFailure, { kind: 'gateway' }>, aborted: AbortReason | null): AttemptOutcome {
  if (failure.kind === 'proxy') return 'proxy-error';
  return aborted === 'caller' || aborted === 'drain' ? 'aborted' : failure.outcome;
}

/** The same failure as the target's passive checks count it: the gateway's own aborts count as nothing. */
export function failedTrafficOutcome(outcome: TransportOutcome, aborted: AbortReason | null): TrafficOutcome {
  if (aborted === 'caller') return CALLER_ABORTED;
  if (aborted === 'drain') return DRAIN_ABORTED;
  return TRANSPORT_FAILURES[outcome];
}

/** A response streamed to the caller: whole, cut short by the caller or a drain, or broken off by the target. */
export function relayedAttemptOutcome(result: Relayed, callerGone: boolean): 'response' | 'aborted' | 'error-after-headers' {
  if (result.complete) return 'response';
  if (result.aborted === 'caller' || result.aborted === 'drain' || callerGone) return 'aborted';
  return 'error-after-headers';
}

/** The same ending as the target's passive checks count it. */
export function relayedTrafficOutcome(ending: ReturnType<typeof relayedAttemptOutcome>, result: Relayed): TrafficOutcome {
  if (ending === 'response') return responseOutcome(result.status, result.headers);
  if (ending === 'aborted') return result.aborted === 'drain' ? DRAIN_ABORTED : CALLER_ABORTED;
  return ERROR_AFTER_HEADERS;
}

/** A response with its status, and the Retry-After headers a 429's cooldown is read from. */
export function responseOutcome(status: number, headers: Record<string, string | string[] | undefined>): TrafficOutcome {
  return {
    kind: 'response',
    status,
    retryAfter: headers['retry-after'] as string | undefined,
    retryAfterMs: headers['retry-after-ms'] as string | undefined,
  };
}
