import { once, EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import { errorCodes } from '@headwater/core';
import { clientErrorHandler, refuseConnect } from './client-errors.ts';
import type { Forwarder } from './forwarder.ts';
import { sendGatewayError } from './gateway-error.ts';

export interface DataPlaneServer {
  readonly server: Server;
  /** Resolves when no request is in progress (streams included). */
  whenIdle(): Promise<void>;
  /**
   * The node is leaving (SIGTERM): from now on every response says `Connection: close`, so each
   * caller's connection ends after the answer it is getting instead of staying open for the next
   * request; a front balancer then never sends a request into a socket that is about to close.
   */
  beginDrain(): void;
}

/** What a caller's connection may hold (SPEC "Hostile callers"); the body's idle timeout is the forwarder's. */
export interface CallerConnectionLimits {
  /** Time from a connection's (or a keep-alive request's) first byte to its complete head; 0 = none. */
  readonly headersTimeoutMs: number;
  readonly maxConnections: number;
}

/**
 * Node enforces the headers timeout on a sweep (every 30 s by default), so a head could take
 * up to twice the timeout: sweep at a tenth of it, at most once a second (a cheap pass over
 * the connections still reading a head).
 */
const sweepIntervalMs = (headersTimeoutMs: number) =>
  headersTimeoutMs > 0 ? Math.min(1_000, Math.max(10, Math.floor(headersTimeoutMs / 10))) : 30_000;

/** The data-plane listener. A failure in one request never takes the process down. */
export function createDataPlaneServer(
  forwarder: Forwarder,
  limits: CallerConnectionLimits,
  onError: (error: unknown) => void,
): DataPlaneServer {
  let inFlight = 0;
  let draining = false;
  const idle = new EventEmitter();
  const options = {
    keepAliveTimeout: 65_000,
    // No limit on a whole request: a completion may take as long as its upstream's timeouts
    // allow. Its head has the headers timeout, its body an idle timeout (RequestForwarding).
    requestTimeout: 0,
    // Set explicitly: left out, Node takes min(60 s, requestTimeout), which is 0 (none) here.
    headersTimeout: limits.headersTimeoutMs,
    connectionsCheckingInterval: sweepIntervalMs(limits.headersTimeoutMs),
  };
  const server = createServer(options, (req, res) => {
    inFlight++;
    if (draining) res.setHeader('connection', 'close');
    res.on('close', () => {
      if (--inFlight === 0) idle.emit('idle');
    });
    forwarder.handle(req, res).catch((error: unknown) => {
      onError(error);
      sendGatewayError(res, { code: errorCodes.GATEWAY_INTERNAL, message: 'internal gateway error', upstream: '', attempts: 0 });
    });
  });
  server.maxConnections = limits.maxConnections;
  server.on('clientError', clientErrorHandler(limits.headersTimeoutMs));
  server.on('connect', refuseConnect);
  return {
    server,
    whenIdle: async () => {
      if (inFlight > 0) await once(idle, 'idle');
    },
    beginDrain: () => {
      draining = true;
    },
  };
}
