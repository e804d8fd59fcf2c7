import { STATUS_CODES, type ServerResponse } from 'node:http';
import { errorCodes, type ErrorCode } from '@headwater/core';

// The one place gateway-made errors become HTTP: status, JSON body, headers.
const statusOf: Partial<Record<ErrorCode, number>> = {
  [errorCodes.BAD_REQUEST]: 400,
  [errorCodes.UNKNOWN_UPSTREAM]: 404,
  [errorCodes.CALLER_TIMEOUT]: 408,
  [errorCodes.ALL_COOLING_DOWN]: 429,
  [errorCodes.GATEWAY_INTERNAL]: 500,
  [errorCodes.UPSTREAM_TRANSPORT]: 502,
  [errorCodes.PROXY_UNREACHABLE]: 502,
  [errorCodes.CREDENTIALS_REJECTED]: 502,
  [errorCodes.NO_ELIGIBLE_TARGET]: 503,
  [errorCodes.UPSTREAM_TIMEOUT]: 504,
};

// The caller's request cannot be read to its end: the connection cannot carry another one.
const closesConnection = new Set<ErrorCode>([errorCodes.CALLER_TIMEOUT]);

export interface GatewayError {
  code: ErrorCode;
  message: string;
  upstream: string;
  attempts: number;
  retryAfterMs?: number;
  /** A more precise status than the code's (431 for a head too large, 413 for chunk extensions): still the caller's bad request. */
  status?: number;
}

const bodyOf = (error: GatewayError) =>
  JSON.stringify({ error: { type: error.code, message: error.message, upstream: error.upstream, attempts: error.attempts } });

const statusFor = (error: GatewayError) => error.status ?? statusOf[error.code] ?? 500;

export function sendGatewayError(res: ServerResponse, error: GatewayError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = bodyOf(error);
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-headwater-attempts': error.attempts,
  };
  if (error.retryAfterMs !== undefined) headers['retry-after'] = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  if (closesConnection.has(error.code)) headers.connection = 'close';
  res.writeHead(statusFor(error), headers);
  res.end(body);
}

/**
 * The same answer as raw bytes, for a connection with no request object to answer through (a
 * request Node's parser refused, a CONNECT): always closing the connection, whose framing can
 * no longer be trusted.
 */
export function rawGatewayError(error: GatewayError): string {
  const body = bodyOf(error);
  const status = statusFor(error);
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}
