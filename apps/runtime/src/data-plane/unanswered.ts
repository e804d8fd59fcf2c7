import { errorCodes, type Pick as CandidatePick } from '@headwater/core';
import type { GatewayError } from './gateway-error.ts';
import type { AttemptFailure } from './outcome.ts';
import type { KeptResponse } from './relay.ts';

// What the caller gets when no target's response was relayed: a kept answer as it was, or the
// gateway's error for the last failure, or for there being no target to try at all.

/** The last attempt, when attempts stop without a relayed response. */
export type LastAttempt =
  | { readonly kind: 'kept'; readonly kept: KeptResponse }
  /** The target refused its own injected credentials (401, 402, 403): never relayed to the caller. */
  | { readonly kind: 'refused'; readonly status: number; readonly targetId: string }
  | { readonly kind: 'failed'; readonly failure: AttemptFailure; readonly targetId: string };

/**
 * The gateway's error for an attempt that failed last. It names the target by its id, never
 * its address: callers have no business knowing where targets live.
 */
export function failedAttemptError(failure: AttemptFailure, targetId: string, upstream: string, attempts: number): GatewayError {
  switch (failure.kind) {
    case 'proxy':
      return { code: errorCodes.PROXY_UNREACHABLE, message: failure.detail, upstream, attempts };
    case 'gateway':
      return {
        code: errorCodes.GATEWAY_INTERNAL,
        message: `the gateway could not send the request to target ${targetId}: ${failure.detail}`,
        upstream,
        attempts,
      };
    case 'target': {
      const code = failure.outcome === 'timeout' ? errorCodes.UPSTREAM_TIMEOUT : errorCodes.UPSTREAM_TRANSPORT;
      return { code, message: `${failure.outcome} at target ${targetId}`, upstream, attempts };
    }
  }
}

/**
 * The last target tried refused its own configured credentials and no other could take the
 * request: a gateway error (502), never the target's 401, which would tell the caller its own
 * key is wrong.
 */
export function refusedCredentialsError(status: number, targetId: string, upstream: string, attempts: number): GatewayError {
  return {
    code: errorCodes.CREDENTIALS_REJECTED,
    message: `target ${targetId} refused its configured credentials (${status}) and no other target could take the request`,
    upstream,
    attempts,
  };
}

/** No attempt could be made: every candidate is cooling down (429 with the soonest Retry-After), or none is eligible (503). */
export function noTargetError(pick: Exclude<CandidatePick, { kind: 'target' }>, upstream: string): GatewayError {
  if (pick.kind === 'cooling-down') {
    return {
      code: errorCodes.ALL_COOLING_DOWN,
      message: 'every target is rate limited',
      upstream,
      attempts: 0,
      retryAfterMs: pick.retryAfterMs,
    };
  }
  return { code: errorCodes.NO_ELIGIBLE_TARGET, message: 'no eligible target', upstream, attempts: 0 };
}
