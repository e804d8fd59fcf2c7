import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { type Candidates, type ErrorCode, errorCodes, hashKeyOf, isCredentialsRejection, type TrafficOutcome } from '@headwater/core';
import type { TargetRecord } from '../config/records.ts';
import type { UpstreamRuntime } from '../config/snapshot.ts';
import { type AttemptRecord, loggedPath } from './access-log.ts';
import {
  failedAttemptOutcome,
  failedTrafficOutcome,
  relayedAttemptOutcome,
  relayedTrafficOutcome,
  responseOutcome,
} from './attempt-outcomes.ts';
import { attemptPlan, mayRetry } from './attempt-plan.ts';
import type { ForwardingParts } from './forwarding-parts.ts';
import { watchBodyIdle } from './body-idle.ts';
import { type AbortReason, Exchange, type ExchangePlan, type ExchangeResult, type ResponseHeadObserver } from './exchange.ts';
import { type GatewayError, sendGatewayError } from './gateway-error.ts';
import { forwardRequestHeaders } from './headers.ts';
import type { AttemptFailure } from './outcome.ts';
import { brokeOffInTunnel, proxyGone } from './proxy-liveness.ts';
import { relayKept } from './relay.ts';
import { expectsBody, type RequestBody, readRequestBody } from './request-body.ts';
import { failedAttemptError, type LastAttempt, noTargetError, refusedCredentialsError } from './unanswered.ts';

/** After an attempt: try the next candidate, stop and answer from the last attempt, or done (a response reached the caller). */
type NextStep = 'retry' | 'stop' | 'answered';

/** How the caller's side ended before the request did: it left, or it was cut off for being too slow (and got 408). */
type CallerEnd = 'left' | 'too-slow';

type Relayed = Extract<ExchangeResult, { kind: 'relayed' }>;

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
export class RequestForwarding implements ResponseHeadObserver {
  private readonly startedMs: number;
  private readonly attempts: AttemptRecord[] = [];
  /** Set when the gateway itself answered, for the access log. */
  private error: ErrorCode | undefined;
  private upstream!: UpstreamRuntime;
  private path = '';
  private body: RequestBody | null = null;
  private maxAttempts = 1;
  /** Attempts that count against `retries`: one after a target refused its own key does not. */
  private counted = 0;
  private callerEnd: CallerEnd | null = null;
  private last: LastAttempt | undefined;
  // The attempt in progress (or the last one made).
  private exchange: Exchange | undefined;
  private plan!: ExchangePlan;
  private target!: TargetRecord;
  private viaProxy = false;
  /** Why the forward proxy is gone, when an attempt through it broke off and it no longer answers. */
  private proxyGoneDetail: string | null = null;

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
    this.res.on('close', () => this.onCallerClose()); // 'close' comes once: `on` spares the once-wrapper
    // One deadline from the first byte: the body's arrival counts against it too.
    const deadline = config.timeouts.totalMs > 0 ? setTimeout(() => this.onDeadline(), config.timeouts.totalMs) : undefined;
    watchBodyIdle(this.req, this.res, this.parts.bodyIdleMs, this);
    try {
      // A body must be held whole to be sent again (retries), or for a total deadline passing
      // while it arrives to be the caller's 408 rather than the target's 504: with neither, a
      // body that is not small streams to the target as it comes (readRequestBody).
      // A target's refused key moves the request on to another target, so keyed upstreams hold it too.
      const mustBuffer = config.retries > 0 || config.timeouts.totalMs > 0 || upstream.keyed.size > 0;
      this.body = await readRequestBody(this.req, config.retryBufferBytes, this.parts.retryBuffers, mustBuffer);
      if (!this.body || this.callerEnd) return; // the caller left, or got its 408
      this.maxAttempts = this.body.kind === 'streamed' ? 1 : 1 + config.retries;
      await this.attempt(upstream.balancer.candidates(this.parts.targets, { hashKey: this.hashKey() }));
    } finally {
      clearTimeout(deadline);
      if (this.body?.kind === 'buffered') this.parts.retryBuffers.giveBack(this.body.bytes.length);
    }
  }

  /** No upstream by the name the request gave. */
  rejectUnknownUpstream(name: string): void {
    this.refuse({ code: errorCodes.UNKNOWN_UPSTREAM, message: `no upstream named "${name}"`, upstream: name, attempts: 0 });
  }

  /** A request no config could forward (its target is not a path, its Host is not a host). */
  rejectBadRequest(reason: string): void {
    this.refuse({ code: errorCodes.BAD_REQUEST, message: reason, upstream: '', attempts: 0 });
  }

  /** The request's access log line, once it is over. */
  writeAccessLog(upstream: string, path: string): void {
    this.parts.accessLog({
      method: this.req.method ?? 'GET',
      upstream,
      path: loggedPath(path),
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

  /**
   * The attempt loop: one candidate after another until one answers or none may follow, then the
   * caller's answer. A target that refused its own key is its config failing, not the request:
   * the next attempt is neither a retry (retries, retry budget) nor ever skipped for one.
   */
  private async attempt(candidates: Candidates): Promise<void> {
    const config = this.upstream.config;
    for (let index = 0; !this.callerEnd; index++) {
      const afterRefusal = this.last?.kind === 'refused' && this.body!.kind !== 'streamed';
      if (!afterRefusal && this.counted >= this.maxAttempts) break;
      const retry = index > 0 && !afterRefusal;
      if (retry && !this.parts.retryBudgets.tryStartRetry(config.name, config.retryBudgetPct)) break;
      if (!afterRefusal) this.counted++;
      try {
        const exchange = this.startAttempt(candidates, index);
        if (!exchange) break;
        const result = await exchange.done;
        const tunnelBroke = this.viaProxy && !this.callerEnd && brokeOffInTunnel(result);
        this.proxyGoneDetail = tunnelBroke ? await proxyGone(config.proxy!, config.timeouts.connectMs) : null;
        const next = this.settleAttempt(result);
        if (next === 'answered') return;
        if (next === 'stop') break;
      } finally {
        if (retry) this.parts.retryBudgets.endRetry(config.name);
      }
    }
    this.answerFromLastAttempt();
  }

  private onCallerClose(): void {
    if (this.res.writableFinished || this.callerEnd) return;
    this.callerEnd = 'left';
    this.exchange?.abort('caller');
  }

  /** totalMs passed: the attempt in progress times out; while the body is still arriving, the caller was too slow. */
  private onDeadline(): void {
    if (this.exchange) this.exchange.abort('deadline');
    else
      this.cutOffSlowCaller(`the request body did not arrive within the upstream's totalMs (${this.upstream.config.timeouts.totalMs} ms)`);
  }

  /** The caller's fault, never a target's: the attempt is cancelled (counting as nothing) and the caller gets 408, or its connection closed if an answer had begun. */
  cutOffSlowCaller(message: string): void {
    if (this.callerEnd || this.res.writableFinished) return;
    this.callerEnd = 'too-slow';
    this.exchange?.abort('caller');
    this.fail({ code: errorCodes.CALLER_TIMEOUT, message, upstream: this.upstream.config.name, attempts: this.attempts.length });
  }

  /** Picks the next candidate and starts an attempt at it; null when none is left (answered here if none ever was). */
  private startAttempt(candidates: Candidates, index: number): Exchange | null {
    const pick = candidates.next(this.parts.clock.now());
    if (pick.kind !== 'target') {
      // After a refused key, every other target cooling down is the caller's 429 with its Retry-After, as with no attempt at all.
      if (this.last?.kind === 'refused' && pick.kind === 'cooling-down') this.last = undefined;
      if (!this.last) this.fail(noTargetError(pick, this.upstream.config.name));
      return null;
    }
    const target = this.upstream.targets.get(pick.target.id)!;
    const route = this.parts.dispatchers.for(this.upstream.config, target);
    this.plan = attemptPlan(this.upstream, target, { index, failOpen: pick.failOpen, more: this.counted < this.maxAttempts }, this);
    const exchange = new Exchange(this.res, this.plan, this.parts.clock);
    this.exchange = exchange;
    this.target = target;
    this.viaProxy = route.viaProxy;
    this.parts.targets.begin(target.id, exchange);
    const headers = forwardRequestHeaders(this.req, target);
    return exchange.send(route, { path: this.path, method: this.req.method ?? 'GET', headers, body: this.body! });
  }

  /** A response's head at the target of the attempt in progress (quota-aware upstreams): its rate-limit headers. */
  responseHead(headers: IncomingHttpHeaders): void {
    this.parts.targets.observeQuota(this.target.id, headers);
  }

  /** Classifies what came back, reports it, and says what comes next. */
  private settleAttempt(result: ExchangeResult): NextStep {
    return result.kind === 'failed' ? this.settleFailure(result.failure, result.aborted) : this.settleResponse(result);
  }

  private settleFailure(reported: AttemptFailure, aborted: AbortReason | null): NextStep {
    const { target } = this;
    const name = this.upstream.config.name;
    const failure: AttemptFailure = this.proxyGoneDetail ? { kind: 'proxy', detail: this.proxyGoneDetail } : reported;
    this.last = { kind: 'failed', failure, targetId: target.id };
    if (failure.kind === 'gateway') {
      this.endAttempt(null); // nothing was sent: no attempt at the target, no outcome
      return 'stop';
    }
    const ms = Math.round(this.parts.clock.monotonicMs() - this.exchange!.startedMs);
    this.attempts.push({ target: target.id, outcome: failedAttemptOutcome(failure, aborted), ms });
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
    const name = this.upstream.config.name;
    if (this.proxyGoneDetail) this.parts.proxies.failed(name, this.proxyGoneDetail);
    else if (this.viaProxy) this.parts.proxies.succeeded(name);
    this.parts.targets.observeFirstByte(target.id, result.firstByteMs);
    const ms = Math.round(result.firstByteMs);
    // A keyed target refusing its own credentials: its config failing, not a verdict on its health (passive checks, statistics).
    const refused = this.upstream.keyed.has(target.id) && isCredentialsRejection(status, true);
    if (refused) this.parts.targets.observeCredentials(target.id, status);
    if (result.kind === 'kept') {
      this.attempts.push({ target: target.id, outcome: refused ? 'credentials-rejected' : 'response', status, ms });
      this.endAttempt(refused ? null : responseOutcome(status, headers));
      this.last = refused
        ? { kind: 'refused', status, targetId: target.id }
        : { kind: 'kept', kept: { status, headers, body: result.body, marks: this.plan.marks } };
      return 'retry';
    }
    return this.settleRelayed(result, ms);
  }

  /** A response that went to the caller: its ending is the target's outcome, unless the proxy went away under it. */
  private settleRelayed(result: Relayed, ms: number): NextStep {
    const { id } = this.target;
    if (this.proxyGoneDetail) {
      this.attempts.push({ target: id, outcome: 'proxy-error', status: result.status, ms });
      this.endAttempt(null);
      return 'answered';
    }
    const ending = relayedAttemptOutcome(result, this.callerEnd !== null);
    this.attempts.push({ target: id, outcome: ending, status: result.status, ms });
    this.endAttempt(relayedTrafficOutcome(ending, result));
    return 'answered';
  }

  /** The attempt is over at its target: its outcome goes to the passive checks (none for the proxy's failure or the gateway's own). */
  private endAttempt(outcome: TrafficOutcome | null): void {
    if (outcome) this.parts.targets.observeOutcome(this.target.id, outcome);
    this.parts.targets.end(this.target.id, this.exchange!);
  }

  /** Attempts ran out with no response relayed: the caller gets the last kept answer as it was, or the gateway's error. */
  private answerFromLastAttempt(): void {
    const last = this.last;
    if (this.callerEnd || !last) return;
    const attempts = this.attempts.length;
    const upstream = this.upstream.config.name;
    if (last.kind === 'kept') relayKept(this.res, last.kept, attempts);
    else if (last.kind === 'refused') this.fail(refusedCredentialsError(last.status, last.targetId, upstream, attempts));
    else this.fail(failedAttemptError(last.failure, last.targetId, upstream, attempts));
  }

  /** Answers a request that is not read any further: a body still to come would hold the connection, so it closes instead. */
  private refuse(error: GatewayError): void {
    if (expectsBody(this.req)) this.res.setHeader('connection', 'close');
    this.fail(error);
  }

  private fail(error: GatewayError): void {
    this.error = error.code;
    sendGatewayError(this.res, error);
  }
}
