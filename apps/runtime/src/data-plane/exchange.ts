import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { RuntimeClock } from '../lib/runtime-clock.ts';
import type { InFlightAttempt } from '../state/target-state.ts';
import type { TargetRoute } from './dispatchers.ts';
import { relayResponseHeaders } from './headers.ts';
import { classifyAttemptError, gatewayFailure, type AttemptFailure } from './outcome.ts';
import type { RequestBody } from './request-body.ts';

/** Why an attempt was cut short by the gateway rather than by the target. */
export type AbortReason = 'caller' | 'drain' | 'deadline';

export type ExchangeResult =
  /** Failed before any response header: nothing reached the caller, so it may be retried. */
  | { readonly kind: 'failed'; readonly failure: AttemptFailure; readonly aborted: AbortReason | null }
  /** A retryable answer kept in memory, so it can still be relayed as it was if attempts run out. */
  | {
      readonly kind: 'kept';
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly body: Buffer;
      readonly firstByteMs: number;
    }
  /** Streamed to the caller; `complete` = every byte went out. */
  | {
      readonly kind: 'relayed';
      readonly status: number;
      readonly headers: IncomingHttpHeaders;
      readonly firstByteMs: number;
      readonly complete: boolean;
      readonly aborted: AbortReason | null;
    };

/** Told of a response's head as it arrives, before its body (a stream's may last minutes): what quota-aware routing reads. */
export interface ResponseHeadObserver {
  responseHead(headers: IncomingHttpHeaders): void;
}

export interface ExchangePlan {
  /**
   * Statuses kept (rather than relayed) for a possible retry: the upstream's retryOn, none on the
   * last attempt; at a target with injected headers also 401, 402 and 403 (its key refused).
   */
  readonly keepStatuses: readonly string[];
  /** Headers added to a relayed response (x-headwater-target, x-headwater-attempts, fail-open). */
  readonly marks: OutgoingHttpHeaders;
  readonly onHead?: ResponseHeadObserver | undefined;
}

/** Error answers kept for a possible relay are small; a larger one is relayed at once instead of retried. */
export const KEPT_RESPONSE_LIMIT = 1_048_576;

class GatewayAbort extends Error {
  constructor(readonly reason: AbortReason) {
    super(`aborted by the gateway: ${reason}`);
  }
}

/**
 * One attempt at one target, as an undici dispatch handler. At the response headers it
 * either relays the response straight into the caller's ServerResponse, chunk by chunk with
 * backpressure (no intermediate Readable, no pipe), or keeps a retryable answer in memory.
 * Aborts (caller gone, drain deadline, total deadline) go through undici's controller.
 */
export class Exchange implements Dispatcher.DispatchHandler, InFlightAttempt {
  readonly done: Promise<ExchangeResult>;
  /** When the attempt began, on the clock's monotonic scale. */
  readonly startedMs: number;
  private settle!: (result: ExchangeResult) => void;
  private controller: Dispatcher.DispatchController | null = null;
  private abortReason: AbortReason | null = null;
  private firstByteMs = 0;
  private status = 0;
  private headers: IncomingHttpHeaders = {};
  private mode: 'waiting' | 'keep' | 'relay' = 'waiting';
  private kept: Buffer[] = [];
  private keptBytes = 0;
  private draining = false;
  private viaProxy = false;
  /** Inside `dispatch()`: an error now is undici refusing the request, before any I/O. */
  private dispatching = false;

  constructor(
    private readonly res: ServerResponse,
    private readonly plan: ExchangePlan,
    private readonly clock: RuntimeClock,
  ) {
    this.startedMs = clock.monotonicMs();
    this.done = new Promise((resolve) => {
      this.settle = resolve;
    });
  }

  /** Starts the attempt on the target's dispatcher. */
  send(route: TargetRoute, request: { path: string; method: string; headers: Record<string, string | string[]>; body: RequestBody }): this {
    const body = request.body.kind === 'none' ? null : request.body.kind === 'buffered' ? request.body.bytes : request.body.stream;
    this.viaProxy = route.viaProxy;
    this.dispatching = true;
    try {
      route.dispatcher.dispatch(
        { origin: route.origin, path: request.path, method: request.method as Dispatcher.HttpMethod, headers: request.headers, body },
        this,
      );
    } catch (error) {
      this.fail(error);
    } finally {
      this.dispatching = false;
    }
    return this;
  }

  abort(reason: AbortReason): void {
    if (this.abortReason) return;
    this.abortReason = reason;
    this.controller?.abort(new GatewayAbort(reason));
  }

  abortForDrain(): void {
    this.abort('drain');
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.abortReason) controller.abort(new GatewayAbort(this.abortReason));
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number, headers: IncomingHttpHeaders): void {
    if (statusCode < 200) return; // informational
    this.firstByteMs = this.clock.monotonicMs() - this.startedMs;
    this.status = statusCode;
    this.headers = headers;
    this.plan.onHead?.responseHead(headers);
    const declared = Number(headers['content-length']);
    const keep = this.plan.keepStatuses.length > 0 && this.plan.keepStatuses.includes(String(statusCode));
    if (keep && !(declared > KEPT_RESPONSE_LIMIT)) this.mode = 'keep';
    else this.startRelay();
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.mode === 'keep') {
      this.kept.push(chunk);
      this.keptBytes += chunk.length;
      if (this.keptBytes <= KEPT_RESPONSE_LIMIT) return;
      // Larger than announced: relay it after all (no retry) rather than hold it.
      this.startRelay();
      const parts = this.kept;
      this.kept = [];
      for (const part of parts) this.write(controller, part);
      return;
    }
    this.write(controller, chunk);
  }

  onResponseEnd(): void {
    if (this.mode === 'keep') {
      const body = this.kept.length === 1 ? this.kept[0]! : Buffer.concat(this.kept, this.keptBytes);
      this.settle({ kind: 'kept', status: this.status, headers: this.headers, body, firstByteMs: this.firstByteMs });
      return;
    }
    this.res.end();
    this.settle({
      kind: 'relayed',
      status: this.status,
      headers: this.headers,
      firstByteMs: this.firstByteMs,
      complete: true,
      aborted: null,
    });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.mode === 'relay') {
      // Bytes already reached the caller: nothing to retry; the connection is closed.
      if (!this.res.destroyed) this.res.destroy();
      this.settle({
        kind: 'relayed',
        status: this.status,
        headers: this.headers,
        firstByteMs: this.firstByteMs,
        complete: false,
        aborted: this.abortReason,
      });
      return;
    }
    this.fail(error);
  }

  private fail(error: unknown): void {
    let failure: AttemptFailure;
    if (this.abortReason === 'deadline') failure = { kind: 'target', outcome: 'timeout' };
    else if (this.dispatching) failure = gatewayFailure(error);
    else failure = classifyAttemptError(error, this.viaProxy);
    this.settle({ kind: 'failed', failure, aborted: this.abortReason });
  }

  private startRelay(): void {
    this.mode = 'relay';
    this.res.writeHead(this.status, relayResponseHeaders(this.headers, this.plan.marks));
    // Streams (no declared length) get their headers now, not with the first event.
    if (this.headers['content-length'] === undefined) this.res.flushHeaders();
  }

  private write(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.res.destroyed) return;
    if (this.res.write(chunk) || this.draining) return;
    this.draining = true;
    controller.pause();
    this.res.once('drain', () => {
      this.draining = false;
      controller.resume();
    });
  }
}
