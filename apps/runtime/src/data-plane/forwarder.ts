import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorCodes, hashKeyOf, type TrafficOutcome } from '@headwater/core';
import type { ConfigStore } from '../config/config-store.ts';
import type { TargetRecord } from '../config/records.ts';
import type { UpstreamRuntime } from '../config/snapshot.ts';
import type { HealthStore } from '../state/health-store.ts';
import type { ProxyStates } from '../state/proxy-states.ts';
import type { AccessLog, AttemptRecord } from './access-log.ts';
import { Exchange, type AbortReason } from './exchange.ts';
import type { Dispatchers } from './dispatchers.ts';
import { sendGatewayError, type GatewayError } from './gateway-error.ts';
import { forwardRequestHeaders } from './headers.ts';
import type { AttemptFailure } from './outcome.ts';
import { relayKept, type KeptResponse } from './relay.ts';
import { readRequestBody, type RequestBody } from './request-body.ts';
import { resolveRoute } from './route.ts';
import type { UpstreamTraffic } from './upstream-traffic.ts';

type Last = { kind: 'kept'; kept: KeptResponse } | { kind: 'failed'; failure: AttemptFailure; target: TargetRecord };

const retryAfterOf = (headers: Record<string, string | string[] | undefined>) => ({
  retryAfter: headers['retry-after'] as string | undefined,
  retryAfterMs: headers['retry-after-ms'] as string | undefined,
});

/**
 * The hot path: routes a caller's request, walks the upstream's candidates (never a target
 * already tried, tiers crossed as needed, eligibility recomputed before each attempt),
 * retries `retryOn` outcomes while nothing has reached the caller and the retry budget
 * allows, streams the final response chunk by chunk, and reports every outcome.
 */
export class Forwarder {
  constructor(
    private readonly config: ConfigStore,
    private readonly store: HealthStore,
    private readonly dispatchers: Dispatchers,
    private readonly proxies: ProxyStates,
    private readonly traffic: UpstreamTraffic,
    private readonly accessLog: AccessLog,
  ) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const route = resolveRoute(req, this.config.snapshot);
    const attempts: AttemptRecord[] = [];
    const answered: { error?: GatewayError['code'] } = {};
    const fail = (error: GatewayError) => {
      answered.error = error.code;
      sendGatewayError(res, error);
    };
    const log = (upstream: string, path: string) =>
      this.accessLog({
        method: req.method ?? 'GET',
        upstream,
        path,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        attempts,
        ...answered,
      });
    if (!('upstream' in route)) {
      fail({ code: errorCodes.UNKNOWN_UPSTREAM, message: `no upstream named "${route.name}"`, upstream: route.name, attempts: 0 });
      log(route.name, req.url ?? '/');
      return;
    }
    const { upstream, path } = route;
    const name = upstream.config.name;
    this.traffic.startRequest(name);
    try {
      await this.forward(req, res, upstream, path, attempts, fail);
    } finally {
      this.traffic.endRequest(name);
      log(name, path);
    }
  }

  private async forward(
    req: IncomingMessage,
    res: ServerResponse,
    upstream: UpstreamRuntime,
    path: string,
    attempts: AttemptRecord[],
    fail: (error: GatewayError) => void,
  ): Promise<void> {
    const config = upstream.config;
    const name = config.name;
    let current: Exchange | undefined;
    let callerGone = false;
    res.once('close', () => {
      if (res.writableFinished) return;
      callerGone = true;
      current?.abort('caller' satisfies AbortReason);
    });
    const deadline =
      config.timeouts.totalMs > 0 ? setTimeout(() => current?.abort('deadline' satisfies AbortReason), config.timeouts.totalMs) : undefined;

    try {
      const body: RequestBody = await readRequestBody(req, config.retryBufferBytes);
      const hashKey = config.hashOn ? hashKeyOf(config.hashOn, { headers: req.headers, clientIp: req.socket.remoteAddress ?? '' }) : null;
      const candidates = upstream.balancer.candidates(this.store, { hashKey });
      const maxAttempts = body.kind === 'streamed' ? 1 : 1 + config.retries;
      let last: Last | undefined;

      for (let index = 0; index < maxAttempts && !callerGone; index++) {
        const retry = index > 0;
        if (retry && !this.traffic.tryStartRetry(name, config.retryBudgetPct)) break;
        try {
          const pick = candidates.next(Date.now());
          if (pick.kind !== 'target') {
            if (last) break;
            if (pick.kind === 'cooling-down') {
              fail({
                code: errorCodes.ALL_COOLING_DOWN,
                message: 'every target is rate limited',
                upstream: name,
                attempts: 0,
                retryAfterMs: pick.retryAfterMs,
              });
            } else {
              fail({ code: errorCodes.NO_ELIGIBLE_TARGET, message: 'no eligible target', upstream: name, attempts: 0 });
            }
            return;
          }
          const target = upstream.targets.get(pick.target.id)!;
          const route = this.dispatchers.for(config, target);
          const exchange = new Exchange(
            res,
            {
              keep: (status) => index + 1 < maxAttempts && config.retryOn.includes(String(status) as '502'),
              marks: {
                'x-headwater-target': target.id,
                'x-headwater-attempts': String(index + 1),
                ...(pick.failOpen ? { 'x-headwater-fail-open': '1' } : {}),
              },
            },
            route.viaProxy,
          );
          current = exchange;
          const abortForDrain = () => exchange.abort('drain' satisfies AbortReason);
          this.store.begin(target.id, abortForDrain);
          const end = (outcome: TrafficOutcome | null) => {
            if (outcome) this.store.observeOutcome(target.id, outcome);
            this.store.end(target.id, abortForDrain);
          };
          const attemptStarted = performance.now();
          const result = await exchange.send(route, {
            path,
            method: req.method ?? 'GET',
            headers: forwardRequestHeaders(req, target),
            body,
          }).done;

          if (result.kind === 'failed') {
            const { failure, aborted } = result;
            attempts.push({
              target: target.id,
              outcome: failure.kind === 'proxy' ? 'proxy-error' : aborted === 'caller' || aborted === 'drain' ? 'aborted' : failure.outcome,
              ms: Math.round(performance.now() - attemptStarted),
            });
            if (failure.kind === 'proxy') {
              this.proxies.failed(name, failure.detail);
              end(null);
              last = { kind: 'failed', failure, target };
              break; // every target of this upstream shares the proxy
            }
            if (route.viaProxy) this.proxies.succeeded(name);
            end(
              aborted === 'caller'
                ? { kind: 'caller-aborted' }
                : aborted === 'drain'
                  ? { kind: 'drain-aborted' }
                  : { kind: failure.outcome },
            );
            last = { kind: 'failed', failure, target };
            if (aborted === 'deadline' || !config.retryOn.includes(failure.outcome)) break;
            continue;
          }

          const { status } = result;
          if (route.viaProxy) this.proxies.succeeded(name);
          this.store.observeFirstByte(target.id, result.firstByteMs);
          const record: AttemptRecord = { target: target.id, outcome: 'response', status, ms: Math.round(result.firstByteMs) };
          attempts.push(record);
          const outcome: TrafficOutcome = { kind: 'response', status, ...retryAfterOf(result.headers) };
          if (result.kind === 'kept') {
            end(outcome);
            last = { kind: 'kept', kept: { status, headers: result.headers, body: result.body, targetId: target.id } };
            continue;
          }
          if (result.complete) {
            end(outcome);
          } else if (result.aborted === 'caller' || result.aborted === 'drain' || callerGone) {
            record.outcome = 'aborted';
            end({ kind: result.aborted === 'drain' ? 'drain-aborted' : 'caller-aborted' });
          } else {
            record.outcome = 'error-after-headers';
            end({ kind: 'error-after-headers' });
          }
          return;
        } finally {
          if (retry) this.traffic.endRetry(name);
        }
      }

      if (callerGone || !last) return;
      if (last.kind === 'kept') {
        relayKept(res, last.kept, attempts.length);
      } else if (last.failure.kind === 'proxy') {
        fail({ code: errorCodes.PROXY_UNREACHABLE, message: last.failure.detail, upstream: name, attempts: attempts.length });
      } else {
        const timeout = last.failure.outcome === 'timeout';
        fail({
          code: timeout ? errorCodes.UPSTREAM_TIMEOUT : errorCodes.UPSTREAM_TRANSPORT,
          message: `${last.failure.outcome} at ${last.target.host}:${last.target.port}`,
          upstream: name,
          attempts: attempts.length,
        });
      }
    } finally {
      clearTimeout(deadline);
    }
  }
}
