import type { IncomingMessage, ServerResponse } from 'node:http';
import { expectsBody } from './request-body.ts';

/** The request a too-slow caller is cut off from (RequestForwarding). */
export interface SlowCallerCutOff {
  cutOffSlowCaller(message: string): void;
}

/**
 * The caller's body idle timeout (HEADWATER_CALLER_BODY_IDLE_MS): a socket timeout (Node's
 * per-socket timer, refreshed by every byte, no timer of our own) armed while body bytes are
 * still to come and cleared once the body has ended, so the wait for a target's answer is never
 * cut by it. The request is cut off when the caller sent nothing for `idleMs`; not while the
 * gateway holds bytes it has not read yet (a target slow to take a streamed body: then the
 * caller waits on us).
 */
export function watchBodyIdle(req: IncomingMessage, res: ServerResponse, idleMs: number, request: SlowCallerCutOff): void {
  if (idleMs === 0 || !expectsBody(req)) return;
  // Most bodies come in the same read as their head, and are parsed whole by the end of this
  // turn of the event loop (not yet at its microtasks): only a body still to come then needs
  // the timer, which (armed and cleared, with two listeners) cost about a microsecond a request.
  setImmediate(() => {
    // Nothing to watch once the body is whole, or the request is already over (socket gone).
    if (!req.complete && !req.destroyed && req.socket) armBodyIdle(req, res, idleMs, request);
  });
}

function armBodyIdle(req: IncomingMessage, res: ServerResponse, idleMs: number, request: SlowCallerCutOff): void {
  req.setTimeout(idleMs, () => {
    if (req.readableLength > 0) req.setTimeout(idleMs);
    else request.cutOffSlowCaller(`the request body stopped coming: nothing for ${idleMs} ms (HEADWATER_CALLER_BODY_IDLE_MS)`);
  });
  req.once('end', () => {
    // Once the answer is out, the socket's timer is Node's keep-alive timeout: leave it be.
    if (!res.writableEnded) req.socket?.setTimeout(0); // no socket: the exchange is over already
  });
}
