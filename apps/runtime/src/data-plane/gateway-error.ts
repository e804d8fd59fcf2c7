import type { ServerResponse } from 'node:http';
import { errorCodes, type ErrorCode } from '@headwater/core';

// The one place gateway-made errors become HTTP: status, JSON body, headers.
const statusOf: Partial<Record<ErrorCode, number>> = {
  [errorCodes.UNKNOWN_UPSTREAM]: 404,
  [errorCodes.ALL_COOLING_DOWN]: 429,
  [errorCodes.UPSTREAM_TRANSPORT]: 502,
  [errorCodes.PROXY_UNREACHABLE]: 502,
  [errorCodes.NO_ELIGIBLE_TARGET]: 503,
  [errorCodes.UPSTREAM_TIMEOUT]: 504,
};

export interface GatewayError {
  code: ErrorCode;
  message: string;
  upstream: string;
  attempts: number;
  retryAfterMs?: number;
}

export function sendGatewayError(res: ServerResponse, error: GatewayError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({
    error: { type: error.code, message: error.message, upstream: error.upstream, attempts: error.attempts },
  });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'x-headwater-attempts': error.attempts,
  };
  if (error.retryAfterMs !== undefined) headers['retry-after'] = Math.max(1, Math.ceil(error.retryAfterMs / 1000));
  res.writeHead(statusOf[error.code] ?? 500, headers);
  res.end(body);
}
