import type { Dispatcher } from 'undici';
import type { ActiveHealthCheck } from '@headwater/core';
import type { TargetRoute } from '../data-plane/dispatchers.ts';
import { classifyTransportError } from '../data-plane/outcome.ts';
import { describeConnectionError, type ProbeCancel, type ProbeOutcome } from './probe-outcome.ts';

/** A probe reads at most this much of a body, so a huge or endless health page costs little. */
const BODY_LIMIT = 65_536;

/** Why the probe itself ended an exchange early: its deadline, a cancellation, or a body past the limit. */
class ProbeStop extends Error {
  constructor(readonly reason: 'timeout' | 'cancelled' | 'enough') {
    super(`probe stopped: ${reason}`);
  }
}

export interface HttpProbeRequest {
  readonly settings: Pick<ActiveHealthCheck, 'path' | 'method' | 'body' | 'timeoutMs'>;
  readonly headers: Record<string, string>;
  readonly cancel: ProbeCancel;
}

/**
 * One http(s) probe as an undici dispatch handler: the status decides, the body is read (up to
 * BODY_LIMIT) only so the connection can serve the next probe. A thousand targets probed every
 * second make this a hot path of its own, so it is built like the data plane's Exchange:
 * one object per probe, no Readable body, no AbortController, one timer for the whole deadline.
 */
class HttpProbe implements Dispatcher.DispatchHandler {
  readonly done: Promise<ProbeOutcome>;
  private resolve!: (outcome: ProbeOutcome) => void;
  private controller: Dispatcher.DispatchController | null = null;
  private stopped: ProbeStop | null = null;
  private status = 0;
  private bodyBytes = 0;
  private settled = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly route: TargetRoute,
    request: HttpProbeRequest,
  ) {
    this.done = new Promise((resolve) => {
      this.resolve = resolve;
    });
    this.timer = setTimeout(() => this.stop('timeout'), request.settings.timeoutMs);
    request.cancel.onCancel(() => this.stop('cancelled'));
  }

  send(request: HttpProbeRequest): this {
    if (this.settled) return this;
    const { settings } = request;
    try {
      this.route.dispatcher.dispatch(
        {
          origin: this.route.origin,
          path: settings.path,
          method: settings.method as Dispatcher.HttpMethod,
          headers: request.headers,
          body: settings.body ?? null,
          headersTimeout: settings.timeoutMs,
          bodyTimeout: settings.timeoutMs,
        },
        this,
      );
    } catch (error) {
      this.onResponseError(null, error as Error);
    }
    return this;
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.stopped) controller.abort(this.stopped);
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    if (statusCode >= 200) this.status = statusCode;
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.bodyBytes += chunk.length;
    if (this.bodyBytes <= BODY_LIMIT) return;
    // The verdict is the status: a health page past the limit is not read to its end.
    this.settle(this.statusResult());
    controller.abort(new ProbeStop('enough'));
  }

  onResponseEnd(): void {
    this.settle(this.statusResult());
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    const stop = this.stopped ?? (error instanceof ProbeStop ? error : null);
    if (stop?.reason === 'cancelled') this.settle({ kind: 'cancelled' });
    else if (stop?.reason === 'timeout') this.settle({ kind: 'result', result: { kind: 'timeout' }, viaProxy: this.route.viaProxy });
    else this.settle(failureOutcome(error, this.route.viaProxy));
  }

  private stop(reason: 'timeout' | 'cancelled'): void {
    if (this.settled || this.stopped) return;
    this.stopped = new ProbeStop(reason);
    if (this.controller) this.controller.abort(this.stopped);
    else this.onResponseError(null, this.stopped); // not started yet (queued in the pool): it ends now
  }

  private statusResult(): ProbeOutcome {
    return { kind: 'result', result: { kind: 'status', status: this.status }, viaProxy: this.route.viaProxy };
  }

  private settle(outcome: ProbeOutcome): void {
    if (this.settled) return;
    this.settled = true;
    clearTimeout(this.timer);
    this.resolve(outcome);
  }
}

/** A transport failure as the probe reports it: the proxy's own, a timeout, or the target's failure to connect. */
function failureOutcome(error: unknown, viaProxy: boolean): ProbeOutcome {
  const failure = classifyTransportError(error, viaProxy);
  if (failure.kind === 'proxy') return { kind: 'proxy-failure', detail: failure.detail };
  if (failure.outcome === 'timeout') return { kind: 'result', result: { kind: 'timeout' }, viaProxy };
  const tunnel = /Proxy response \((\d{3})\)/.exec(error instanceof Error ? error.message : '');
  const detail = tunnel ? `proxy could not reach the target (${tunnel[1]})` : describeConnectionError(error);
  return { kind: 'result', result: { kind: 'tcp-failure', detail }, viaProxy };
}

/** Sends one http(s) probe on the target's route; resolves with its outcome, never rejects. */
export function httpProbe(route: TargetRoute, request: HttpProbeRequest): Promise<ProbeOutcome> {
  if (request.cancel.cancelled) return Promise.resolve({ kind: 'cancelled' });
  return new HttpProbe(route, request).send(request).done;
}
