import { type IncomingMessage, maxHeaderSize } from 'node:http';
import type { Duplex } from 'node:stream';
import { errorCodes } from '@headwater/core';
import { type GatewayError, rawGatewayError } from './gateway-error.ts';

/** What Node's parser reports: `code` (HPE_* from llhttp, or ERR_HTTP_REQUEST_TIMEOUT) and llhttp's `reason`. */
type ClientError = Error & { code?: string; reason?: string };

/** The response Node is writing on a socket, if any (its own `clientError` default checks the same). */
type HttpSocket = Duplex & { _httpMessage?: { headersSent: boolean } | null };

const refusal = (message: string, status?: number): GatewayError => ({
  code: errorCodes.BAD_REQUEST,
  message,
  upstream: '',
  attempts: 0,
  ...(status ? { status } : {}),
});

function answerFor(error: ClientError, headersTimeoutMs: number): GatewayError | null {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        code: errorCodes.CALLER_TIMEOUT,
        message: `request head not received within ${headersTimeoutMs} ms (HEADWATER_CALLER_HEADERS_TIMEOUT_MS)`,
        upstream: '',
        attempts: 0,
      };
    case 'HPE_HEADER_OVERFLOW':
      return refusal(`request head larger than ${maxHeaderSize} bytes`, 431);
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return refusal('chunk extensions too large', 413);
    default:
      // Every other llhttp error is a malformed request: its reason names the rule it broke.
      return error.code?.startsWith('HPE_') ? refusal(`malformed request: ${error.reason ?? error.message}`) : null;
  }
}

/**
 * Node's `clientError`: a request its parser refused (conflicting framing, a head too large, a
 * bad header) or a head not received within the headers timeout. The caller gets the gateway's
 * JSON error with the status Node itself would send (400, 408, 413, 431) unless a response is
 * already going out on that connection; then the connection is closed, as HTTP requires once a
 * message's framing cannot be trusted. Nothing was routed, so no target is involved.
 */
export function clientErrorHandler(headersTimeoutMs: number): (error: ClientError, socket: Duplex) => void {
  return (error, socket) => {
    const answer = answerFor(error, headersTimeoutMs);
    const responding = (socket as HttpSocket)._httpMessage?.headersSent === true;
    if (answer && socket.writable && !responding) socket.write(rawGatewayError(answer));
    socket.destroy();
  };
}

const NOT_A_PROXY = refusal('CONNECT is not served: the request target must be origin-form (a path starting with /)');

/** A CONNECT (authority-form target): the data plane is not a forward proxy. */
export function refuseConnect(_req: IncomingMessage, socket: Duplex): void {
  socket.on('error', () => undefined);
  if (socket.writable) socket.write(rawGatewayError(NOT_A_PROXY));
  socket.destroy();
}
