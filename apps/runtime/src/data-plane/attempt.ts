import type { Dispatcher } from 'undici';
import type { RequestBody } from './request-body.ts';
import { classifyTransportError, type AttemptFailure } from './outcome.ts';
import type { TargetRoute } from './dispatchers.ts';

/** Why an attempt was cut short by us rather than by the target. */
export type AbortReason = 'caller' | 'drain' | 'deadline';

export type AttemptResult =
  | { readonly kind: 'response'; readonly response: Dispatcher.ResponseData; readonly firstByteMs: number }
  | { readonly kind: 'failed'; readonly failure: AttemptFailure; readonly aborted: AbortReason | null };

export interface AttemptRequest {
  readonly route: TargetRoute;
  readonly path: string;
  readonly method: string;
  readonly headers: Record<string, string | string[]>;
  readonly body: RequestBody;
  readonly signal: AbortSignal;
}

/** One try at one target, up to its response headers. The body is the caller's to consume. */
export async function attempt(request: AttemptRequest): Promise<AttemptResult> {
  const started = performance.now();
  try {
    const response = await request.route.dispatcher.request({
      origin: request.route.origin,
      path: request.path,
      method: request.method as Dispatcher.HttpMethod,
      headers: request.headers,
      body: request.body.kind === 'none' ? null : request.body.kind === 'buffered' ? request.body.bytes : request.body.stream,
      signal: request.signal,
    });
    return { kind: 'response', response, firstByteMs: performance.now() - started };
  } catch (error) {
    const reason = request.signal.aborted ? (request.signal.reason as AbortReason) : null;
    if (reason === 'deadline') return { kind: 'failed', failure: { kind: 'target', outcome: 'timeout' }, aborted: reason };
    return { kind: 'failed', failure: classifyTransportError(error, request.route.viaProxy), aborted: reason };
  }
}
