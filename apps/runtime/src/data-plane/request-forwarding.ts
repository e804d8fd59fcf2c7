import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { type Candidates, type ErrorCode, errorCodes, hashKeyOf, type Pick as CandidatePick, type TrafficOutcome } from '@headwater/core';
import type { TargetRecord } from '../config/records.ts';
import type { UpstreamRuntime } from '../config/snapshot.ts';
import type { RuntimeClock } from '../lib/runtime-clock.ts';
import type { ProxyStates } from '../state/proxy-states.ts';
import type { TargetStates } from '../state/target-states.ts';
import type { AccessLog, AttemptRecord } from './access-log.ts';
import {
  failedAttemptOutcome,
  failedTrafficOutcome,
  relayedAttemptOutcome,
  relayedTrafficOutcome,
  responseOutcome,
} from './attempt-outcomes.ts';
import type { Dispatchers } from './dispatchers.ts';
import { type AbortReason, Exchange, type ExchangePlan, type ExchangeResult } from './exchange.ts';
import { type GatewayError, sendGatewayError } from './gateway-error.ts';
import { forwardRequestHeaders } from './headers.ts';
import type { AttemptFailure } from './outcome.ts';
import { type KeptResponse, relayKept } from './relay.ts';
import { type RequestBody, readRequestBody } from './request-body.ts';
import type { RetryBudgets } from './retry-budgets.ts';

/** What forwarding reads and reports to: long-lived, shared by every request. */
export interface ForwardingParts {
  readonly targets: TargetStates;
  readonly dispatchers: Dispatchers;
  readonly proxies: ProxyStates;
  readonly retryBudgets: RetryBudgets;
  readonly accessLog: AccessLog;
  readonly clock: RuntimeClock;
}

/** After an attempt: try the next candidate, stop and answer from the last attempt, or done (a response reached the caller). */
type NextStep = 'retry' | 'stop' | 'answered';

/** What the caller gets if attempts stop without a relayed response. */
type LastAttempt = { kind: 'kept'; kept: KeptResponse } | { kind: 'failed'; failure: AttemptFailure; target: TargetRecord };

/** On the last attempt nothing is kept for a retry: every status is relayed as it comes. */
const NOTHING_KEPT: readonly string[] = [];

/** A failed attempt is retried when retryOn names its outcome, unless the total deadline cut it short. */
const mayRetry = (outcome: string, aborted: AbortReason | null, retryOn: readonly string[]) =>
  aborted !== 'deadline' && retryOn.includes(outcome);

/**
 * One caller's request through the gateway: walks the upstream's candidates (never a target
 * already tried, tiers crossed as needed, eligibility recomputed before each attempt), retries
 * `retryOn` outcomes while nothing has reached the caller and the retry budget allows, and
 * answers the caller once: a relayed response, the last kept answer, or the gateway's error.
 * Every attempt is reported to the target's live state, its proxy's state and the access log.
 *
 * One instance per request holds what a chain of closures would otherwise capture: the hot
 * path allocates the instance, its attempts log, and per attempt an Exchange and its plan.
 */
export class RequestForwarding {
  private readonly startedMs: number;
  private readonly attempts: AttemptRecord[] = [];
  /** Set when the gateway itself answered, for the access log. */
  private error: ErrorCode | undefined;
  private upstream!: UpstreamRuntime;
  private path = '';
  private body!: RequestBody;
  private maxAttempts = 1;
  private callerGone = false;
  private last: LastAttempt | undefined;
  // The attempt in progress (or the last one made).
  private exchange: Exchange | undefined;
  private target!: TargetRecord;
  private viaProxy = false;

  constructor(
    private readonly parts: ForwardingParts,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    this.startedMs = parts.clock.monotonicMs();
  }

  /** Forwards to `upstream`: attempts until one answers or none may follow, then answers the caller. */
  async forward(upstream: UpstreamRuntime, path: string): Promise<void> {
    this.upstream = upstream;
    this.path = path;
    const config = upstream.config;
    this.res.once('close', () => this.onCallerClose());
    const deadline = config.timeouts.totalMs > 0 ? setTimeout(() => this.exchange?.abort('deadline'), config.timeouts.totalMs) : undefined;
    try {
      this.body = await readRequestBody(this.req, config.retryBufferBytes);
      const candidates = upstream.balancer.candidates(this.parts.targets, { hashKey: this.hashKey() });
      this.maxAttempts = this.body.kind === 'streamed' ? 1 : 1 + config.retries;
      for (let index = 0; index < this.maxAttempts && !this.callerGone; index++) {
        const retry = index > 0;
        if (retry && !this.parts.retryBudgets.tryStartRetry(config.name, config.retryBudgetPct)) break;
        try {
          const exchange = this.startAttempt(candidates, index);
          if (!exchange) break;
          const next = this.settleAttempt(await exchange.done);
          if (next === 'answered') return;
          if (next === 'stop') break;
        } finally {
          if (retry) this.parts.retryBudgets.endRetry(config.name);
        }
      }
      this.answerFromLastAttempt();
    } finally {
      clearTimeout(deadline);
    }
  }

  /** No upstream by the name the request gave. */
  rejectUnknownUpstream(name: string): void {
    this.fail({ code: errorCodes.UNKNOWN_UPSTREAM, message: `no upstream named "${name}"`, upstream: name, attempts: 0 });
  }

  /** The request's access log line, once it is over. */
  writeAccessLog(upstream: string, path: string): void {
    this.parts.accessLog({
      method: this.req.method ?? 'GET',
      upstream,
      path,
      status: this.res.statusCode,
      ms: Math.round(this.parts.clock.monotonicMs() - this.startedMs),
      attempts: this.attempts,
      error: this.error,
    });
  }

  /** What consistent hashing picks by (the upstream's hashOn); null for a random pick. */
  private hashKey(): string | null {
    const { hashOn } = this.upstream.config;
    return hashOn ? hashKeyOf(hashOn, { headers: this.req.headers, clientIp: this.req.socket.remoteAddress ?? '' }) : null;
  }

  private onCallerClose(): void {
    if (this.res.writableFinished) return;
    this.callerGone = true;
    this.exchange?.abort('caller');
  }

  /** Picks the next candidate and starts an attempt at it; null when none is left (answered here if none ever was). */
  private startAttempt(candidates: Candidates, index: number): Exchange | null {
    const pick = candidates.next(this.parts.clock.now());
    if (pick.kind !== 'target') {
      if (!this.last) this.answerNoTarget(pick);
      return null;
    }
    const target = this.upstream.targets.get(pick.target.id)!;
    const route = this.parts.dispatchers.for(this.upstream.config, target);
    const exchange = new Exchange(this.res, this.planFor(target, index, pick.failOpen), this.parts.clock);
    this.exchange = exchange;
    this.target = target;
    this.viaProxy = route.viaProxy;
    this.parts.targets.begin(target.id, exchange);
    const headers = forwardRequestHeaders(this.req, target);
    return exchange.send(route, { path: this.path, method: this.req.method ?? 'GET', headers, body: this.body });
  }

  /** Retryable statuses are kept while another attempt may follow; the marks go on a relayed response. */
  private planFor(target: TargetRecord, index: number, failOpen: boolean): ExchangePlan {
    const marks: OutgoingHttpHeaders = { 'x-headwater-target': target.id, 'x-headwater-attempts': String(index + 1) };
    if (failOpen) marks['x-headwater-fail-open'] = '1';
    return { keepStatuses: index + 1 < this.maxAttempts ? this.upstream.config.retryOn : NOTHING_KEPT, marks };
  }

  /** Classifies what came back, reports it, and says what comes next. */
  private settleAttempt(result: ExchangeResult): NextStep {
    return result.kind === 'failed' ? this.settleFailure(result.failure, result.aborted) : this.settleResponse(result);
  }

  private settleFailure(failure: AttemptFailure, aborted: AbortReason | null): NextStep {
    const { target } = this;
    const name = this.upstream.config.name;
    const ms = Math.round(this.parts.clock.monotonicMs() - this.exchange!.startedMs);
    this.attempts.push({ target: target.id, outcome: failedAttemptOutcome(failure, aborted), ms });
    this.last = { kind: 'failed', failure, target };
    if (failure.kind === 'proxy') {
      this.parts.proxies.failed(name, failure.detail);
      this.endAttempt(null);
      return 'stop'; // every target of this upstream shares the proxy
    }
    if (this.viaProxy) this.parts.proxies.succeeded(name);
    this.endAttempt(failedTrafficOutcome(failure.outcome, aborted));
    return mayRetry(failure.outcome, aborted, this.upstream.config.retryOn) ? 'retry' : 'stop';
  }

  private settleResponse(result: Exclude<ExchangeResult, { kind: 'failed' }>): NextStep {
    const { target } = this;
    const { status, headers } = result;
    if (this.viaProxy) this.parts.proxies.succeeded(this.upstream.config.name);
    this.parts.targets.observeFirstByte(target.id, result.firstByteMs);
    const ms = Math.round(result.firstByteMs);
    if (result.kind === 'kept') {
      this.attempts.push({ target: target.id, outcome: 'response', status, ms });
      this.endAttempt(responseOutcome(status, headers));
      this.last = { kind: 'kept', kept: { status, headers, body: result.body, targetId: target.id } };
      return 'retry';
    }
    const ending = relayedAttemptOutcome(result, this.callerGone);
    this.attempts.push({ target: target.id, outcome: ending, status, ms });
    this.endAttempt(relayedTrafficOutcome(ending, result));
    return 'answered';
  }

  /** The attempt is over at its target: its outcome goes to the passive checks (none for a proxy's failure). */
  private endAttempt(outcome: TrafficOutcome | null): void {
    if (outcome) this.parts.targets.observeOutcome(this.target.id, outcome);
    this.parts.targets.end(this.target.id, this.exchange!);
  }

  private answerNoTarget(pick: Exclude<CandidatePick, { kind: 'target' }>): void {
    const upstream = this.upstream.config.name;
    if (pick.kind === 'cooling-down') {
      const message = 'every target is rate limited';
      this.fail({ code: errorCodes.ALL_COOLING_DOWN, message, upstream, attempts: 0, retryAfterMs: pick.retryAfterMs });
    } else {
      this.fail({ code: errorCodes.NO_ELIGIBLE_TARGET, message: 'no eligible target', upstream, attempts: 0 });
    }
  }

  /** Attempts ran out with no response relayed: the caller gets the last kept answer as it was, or the gateway's error. */
  private answerFromLastAttempt(): void {
    const last = this.last;
    if (this.callerGone || !last) return;
    const upstream = this.upstream.config.name;
    const attempts = this.attempts.length;
    if (last.kind === 'kept') {
      relayKept(this.res, last.kept, attempts);
    } else if (last.failure.kind === 'proxy') {
      this.fail({ code: errorCodes.PROXY_UNREACHABLE, message: last.failure.detail, upstream, attempts });
    } else {
      const { outcome } = last.failure;
      const code = outcome === 'timeout' ? errorCodes.UPSTREAM_TIMEOUT : errorCodes.UPSTREAM_TRANSPORT;
      this.fail({ code, message: `${outcome} at ${last.target.host}:${last.target.port}`, upstream, attempts });
    }
  }

  private fail(error: GatewayError): void {
    this.error = error.code;
    sendGatewayError(this.res, error);
  }
}
