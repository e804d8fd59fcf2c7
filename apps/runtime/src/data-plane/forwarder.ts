import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { errorCodes } from '@headwater/core';
import type { ConfigStore } from '../config/config-store.ts';
import type { TargetStates } from '../state/target-states.ts';
import type { AccessLog, AttemptRecord } from './access-log.ts';
import { sendGatewayError } from './gateway-error.ts';
import { forwardRequestHeaders, relayResponseHeaders } from './headers.ts';
import { classifyTransportError } from './outcome.ts';
import type { TargetPools } from './pools.ts';
import { resolveRoute } from './route.ts';

const bodyless = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE']);

/** Routes a caller's request to an upstream, picks a target and relays the response as it streams. */
export class Forwarder {
  constructor(
    private readonly config: ConfigStore,
    private readonly states: TargetStates,
    private readonly pools: TargetPools,
    private readonly accessLog: AccessLog,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const route = resolveRoute(req, this.config.snapshot);
    if (!('upstream' in route)) {
      sendGatewayError(res, { code: errorCodes.UNKNOWN_UPSTREAM, message: `no upstream named "${route.name}"`, upstream: route.name, attempts: 0 });
      return;
    }
    const { upstream, path } = route;
    const name = upstream.config.name;
    const attempts: AttemptRecord[] = [];
    const finish = () =>
      this.accessLog({ method: req.method ?? 'GET', upstream: name, path, status: res.statusCode, ms: Math.round(performance.now() - started), attempts });

    const pick = upstream.balancer.pick(this.states, Date.now());
    if (pick.kind !== 'target') {
      if (pick.kind === 'cooling-down') {
        sendGatewayError(res, { code: errorCodes.ALL_COOLING_DOWN, message: 'every target is rate limited', upstream: name, attempts: 0, retryAfterMs: pick.retryAfterMs });
      } else {
        sendGatewayError(res, { code: errorCodes.NO_ELIGIBLE_TARGET, message: 'no eligible target', upstream: name, attempts: 0 });
      }
      finish();
      return;
    }

    const target = upstream.targets.get(pick.target.id)!;
    const abort = new AbortController();
    // A caller who goes away cancels the upstream request.
    res.once('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const attemptStarted = performance.now();
    const method = req.method ?? 'GET';
    this.states.begin(target.id);
    try {
      const response = await this.pools.get(target, upstream.config.timeouts).request({
        path,
        method: method as 'GET',
        headers: forwardRequestHeaders(req, target),
        body: bodyless.has(method) ? null : req,
        signal: abort.signal,
      });
      attempts.push({ target: target.id, outcome: 'response', status: response.statusCode, ms: Math.round(performance.now() - attemptStarted) });
      res.writeHead(response.statusCode, {
        ...relayResponseHeaders(response.headers),
        'x-headwater-target': target.id,
        'x-headwater-attempts': String(attempts.length),
        ...(pick.failOpen ? { 'x-headwater-fail-open': '1' } : {}),
      });
      res.flushHeaders();
      await pipeline(response.body, res).catch(() => {
        // Bytes already reached the caller: nothing to retry; the connection is closed.
        if (!res.destroyed) res.destroy();
      });
    } catch (error) {
      const outcome = classifyTransportError(error);
      attempts.push({ target: target.id, outcome, ms: Math.round(performance.now() - attemptStarted) });
      if (outcome !== 'aborted') {
        sendGatewayError(res, {
          code: outcome === 'timeout' ? errorCodes.UPSTREAM_TIMEOUT : errorCodes.UPSTREAM_TRANSPORT,
          message: `${outcome} at ${target.host}:${target.port}`,
          upstream: name,
          attempts: attempts.length,
        });
      }
    } finally {
      this.states.end(target.id);
      finish();
    }
  }
}
