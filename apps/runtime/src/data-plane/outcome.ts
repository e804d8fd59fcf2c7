import { ProxyTunnelError } from './proxy-connect-pool.ts';

/** How an attempt failed in transport, in the spec's words (retryOn, passive checks). */
export type TransportOutcome = 'connect-error' | 'reset' | 'timeout';

/** A failure in transport: the target's, or the forward proxy's. */
export type TransportFailure =
  | { readonly kind: 'target'; readonly outcome: TransportOutcome }
  /** The forward proxy could not be reached or refused us: the proxy's outcome, never the target's. */
  | { readonly kind: 'proxy'; readonly detail: string };

export type AttemptFailure =
  | TransportFailure
  /** The gateway could not send the request (undici refused it): nobody's outcome, a 500. */
  | { readonly kind: 'gateway'; readonly detail: string };

const TUNNEL_STATUS = /Proxy response \((\d{3})\) !== 200 when HTTP Tunneling/;
const connectCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT',
]);
// A certificate that fails verification stops the connection before the request is sent.
const tlsCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_NOT_YET_VALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
// The gateway's own failures: a request undici refuses to send (an argument it rejects, a
// header it cannot send, a body that does not match its length), or a dispatcher the gateway
// already closed. The target never saw anything.
const gatewayCodes = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_NOT_SUPPORTED',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_DESTROYED',
  'UND_ERR_CLOSED',
  'ERR_INVALID_ARG_TYPE',
  'ERR_INVALID_ARG_VALUE',
  'ERR_INVALID_CHAR',
  'ERR_INVALID_HTTP_TOKEN',
]);

/** A failure the gateway caused, whatever the error says. */
export function gatewayFailure(error: unknown): AttemptFailure {
  return { kind: 'gateway', detail: error instanceof Error ? error.message : String(error) };
}

/** How an attempt failed: the gateway's own failure (nobody's outcome), or the transport's (classifyTransportError). */
export function classifyAttemptError(error: unknown, viaProxy: boolean): AttemptFailure {
  return gatewayCodes.has((error as { code?: string } | null)?.code ?? '')
    ? gatewayFailure(error)
    : classifyTransportError(error, viaProxy);
}

/**
 * Classifies a transport error from undici. Through a proxy, the proxy's failures are the
 * CONNECT leg's (ProxyTunnelError: proxy refused, unreachable or hanging up) and any refusal
 * of a CONNECT (407 authentication, 403 policy); a CONNECT answered 502/503/504, or not
 * answered within connectMs, means the proxy could not reach the target (the target's connect
 * error). Everything after the tunnel opened (TLS to the target, the request) is the target's.
 */
export function classifyTransportError(error: unknown, viaProxy: boolean): TransportFailure {
  if (error instanceof ProxyTunnelError) {
    return error.blame === 'proxy' ? { kind: 'proxy', detail: error.detail } : { kind: 'target', outcome: 'connect-error' };
  }
  const code = (error as { code?: string } | null)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  const tunnel = viaProxy ? TUNNEL_STATUS.exec(message) : null;
  if (tunnel) {
    const status = Number(tunnel[1]);
    if (status === 502 || status === 503 || status === 504) return { kind: 'target', outcome: 'connect-error' };
    return { kind: 'proxy', detail: status === 407 ? 'proxy authentication failed (407)' : `proxy answered ${status} to CONNECT` };
  }
  // A connect timeout never reached the target: nothing can be running or billed there, so
  // it is a connect error (retried by default), not the `timeout` that retryOn guards.
  if (connectCodes.has(code)) return { kind: 'target', outcome: 'connect-error' };
  if (tlsCodes.has(code)) return { kind: 'target', outcome: 'connect-error' };
  if (timeoutCodes.has(code)) return { kind: 'target', outcome: 'timeout' };
  return { kind: 'target', outcome: 'reset' };
}
