import { errorCodes, type ErrorCode } from '@headwater/core';
import type { AccessLogLine } from '../data-plane/access-log.ts';

/**
 * Which gateway-made error (the JSON `error.type`) a request ended with, read from its access
 * log line so the forwarder needs no metrics hook. An upstream's own error status relayed as
 * it was (last attempt = 'response') is not a gateway error.
 */
export function gatewayErrorOf(line: AccessLogLine): ErrorCode | null {
  const last = line.attempts.at(-1);
  if (!last) {
    if (line.status === 429) return errorCodes.ALL_COOLING_DOWN;
    if (line.status === 503) return errorCodes.NO_ELIGIBLE_TARGET;
    return null;
  }
  if (last.outcome === 'response' || last.outcome === 'aborted') return null;
  if (last.outcome === 'proxy-error') return line.status === 502 ? errorCodes.PROXY_UNREACHABLE : null;
  if (line.status === 504) return errorCodes.UPSTREAM_TIMEOUT;
  if (line.status === 502) return errorCodes.UPSTREAM_TRANSPORT;
  return null;
}
