import { EventEmitter } from 'node:events';
import {
  classifyProbe,
  nextProbeAt,
  PROBE_JITTER,
  type ActiveHealthCheck,
  type Clock,
  type ProbeResult,
  type ProbeVerdict,
  type Random,
} from '@headwater/core';
import type { ConfigSnapshot } from '../config/snapshot.ts';
import type { ProxyStates } from '../state/proxy-states.ts';
import type { TargetState } from '../state/target-state.ts';
import type { TargetEvent } from '../state/target-state.ts';
import type { TargetStates } from '../state/target-states.ts';
import { ProbeCancel, type ProbeOutcome } from './probe-outcome.ts';
import type { ProbeRequest } from './prober.ts';

/** What the scheduler needs of a prober (the real one, or a stub in tests). */
export interface ProbeSender {
  probe(request: ProbeRequest): Promise<ProbeOutcome>;
  drop(id: string): void;
}

/** One finished probe, for metrics: emitted as 'probe'. */
export interface ProbeReport {
  readonly upstream: string;
  readonly targetId: string;
  readonly outcome: Exclude<ProbeOutcome, { kind: 'cancelled' }>;
  /** The result judged with the probe's settings; null when the proxy failed (the target was not reached). */
  readonly verdict: ProbeVerdict | null;
  readonly durationMs: number;
}

export interface ProbeSchedulerParts {
  /** Whose targets are probed, and where the results go. */
  readonly targets: TargetStates;
  readonly prober: ProbeSender;
  /** Where a proxy's failure goes: never the target's counters. */
  readonly proxies: ProxyStates;
  readonly clock: Clock;
  /** Jitter, so probes of many targets do not fire in step. */
  readonly random: Random;
}

interface Running {
  readonly upstream: string;
  readonly cancel: ProbeCancel;
  readonly done: Promise<void>;
}

const STARTUP_GRACE_MS = 1_000;

/** A prober that threw: never expected, reported as the target's failure rather than lost. */
const unexpected = (error: unknown): ProbeOutcome => ({
  kind: 'result',
  result: { kind: 'tcp-failure', detail: String(error) },
  viaProxy: false,
});

/**
 * Runs active health checks on this node: one timer per actively checked target, armed at
 * core's `nextProbeAt` (cadence, fast cadence while a flip is coming, first check at once,
 * jitter, no probes in cooldown or when disabled); exactly one probe in flight per target,
 * however many listeners the process runs; at most `concurrency` probes at once per upstream,
 * the rest wait their turn in order. Re-planned on every config snapshot, after every probe and
 * on every flip of a target's facts. Results go to the target's live state (active counters only:
 * probes never count as traffic); proxy failures go to the proxy's own state.
 *
 * Events: 'probe' (ProbeReport).
 */
export class ProbeScheduler extends EventEmitter {
  private snapshot: ConfigSnapshot | undefined;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly running = new Map<string, Running>();
  private readonly waiting = new Map<string, Set<string>>(); // upstream -> targets due, waiting for a slot
  private readonly busy = new Map<string, number>(); // upstream -> probes in flight
  /** Probes whose result the target's counters never saw (a proxy failure) set no lastProbeAt: they wait this long. */
  private readonly holdUntil = new Map<string, number>();
  private stopped = false;
  private readonly targets: TargetStates;
  private readonly prober: ProbeSender;
  private readonly proxies: ProxyStates;
  private readonly clock: Clock;
  private readonly random: Random;

  constructor(parts: ProbeSchedulerParts) {
    super();
    this.setMaxListeners(0);
    this.targets = parts.targets;
    this.prober = parts.prober;
    this.proxies = parts.proxies;
    this.clock = parts.clock;
    this.random = parts.random;
    this.targets.on('removed', (id: string) => this.forget(id));
    this.targets.on('event', ({ targetId }: TargetEvent) => this.plan(targetId));
  }

  /** Takes a new config snapshot (after TargetStates synced to it) and re-plans every target. */
  sync(snapshot: ConfigSnapshot): void {
    if (this.stopped) return;
    this.snapshot = snapshot;
    for (const id of this.timers.keys()) if (!this.targets.entry(id)) this.forget(id);
    for (const entry of this.targets.all()) this.plan(entry.id);
  }

  /**
   * Resolves once every target probed at start has finished its first probe (whatever the
   * verdict, a proxy failure included), or after the longest probe timeout + 1 s: what
   * `/readyz` waits for at start-up.
   */
  firstProbes(): Promise<void> {
    const pending = new Set<string>();
    let timeoutMs = 0;
    for (const entry of this.targets.all()) {
      const settings = this.settingsOf(entry);
      if (!settings || entry.health.active.lastProbeAt !== null || this.dueAt(entry, settings) === null) continue;
      pending.add(entry.id);
      timeoutMs = Math.max(timeoutMs, settings.timeoutMs);
    }
    if (pending.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const settle = () => {
        clearTimeout(deadline);
        this.off('settled', onSettled);
        resolve();
      };
      const onSettled = (id: string) => {
        pending.delete(id);
        if (pending.size === 0) settle();
      };
      const deadline = setTimeout(settle, timeoutMs + STARTUP_GRACE_MS);
      deadline.unref();
      this.on('settled', onSettled);
    });
  }

  /** Probes in flight right now (tests, metrics). */
  inFlight(): number {
    return this.running.size;
  }

  /** Stops every timer and cancels the probes in flight (shutdown). */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.waiting.clear();
    const running = [...this.running.values()];
    for (const probe of running) probe.cancel.cancel();
    await Promise.all(running.map((probe) => probe.done));
  }

  private settingsOf(entry: TargetState): ActiveHealthCheck | null {
    if (entry.removed || !entry.checks.active) return null;
    return this.snapshot?.upstreams.get(entry.upstream)?.targets.has(entry.id) ? entry.checks.active : null;
  }

  private dueAt(entry: TargetState, settings: ActiveHealthCheck): number | null {
    const due = nextProbeAt(entry.health, settings, this.random, this.clock.now());
    return due === null ? null : Math.max(due, this.holdUntil.get(entry.id) ?? 0);
  }

  /** (Re-)arms a target's timer; a target being probed or waiting for a slot is planned when that ends. */
  private plan(id: string): void {
    if (this.stopped || this.running.has(id)) return;
    const entry = this.targets.entry(id);
    const settings = entry ? this.settingsOf(entry) : null;
    const due = entry && settings ? this.dueAt(entry, settings) : null;
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    if (due === null) {
      this.unqueue(id);
      return;
    }
    if (entry && this.waiting.get(entry.upstream)?.has(id)) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(id);
        this.fire(id);
      },
      Math.max(0, due - this.clock.now()),
    );
    timer.unref();
    this.timers.set(id, timer);
  }

  private fire(id: string): void {
    const entry = this.targets.entry(id);
    const settings = entry ? this.settingsOf(entry) : null;
    if (!entry || !settings || this.running.has(id)) return;
    const due = this.dueAt(entry, settings);
    if (due === null || due > this.clock.now()) {
      this.plan(id); // cooldown began, or settings changed
      return;
    }
    const limit = this.snapshot?.upstreams.get(entry.upstream)?.config.healthChecks.active?.concurrency ?? settings.concurrency;
    if ((this.busy.get(entry.upstream) ?? 0) >= limit) {
      const queue = this.waiting.get(entry.upstream);
      if (queue) queue.add(id);
      else this.waiting.set(entry.upstream, new Set([id]));
      return;
    }
    this.start(entry, settings);
  }

  private start(entry: TargetState, settings: ActiveHealthCheck): void {
    const upstream = this.snapshot!.upstreams.get(entry.upstream)!.config;
    const { id } = entry;
    const name = entry.upstream;
    const cancel = new ProbeCancel();
    const started = this.clock.now();
    this.busy.set(name, (this.busy.get(name) ?? 0) + 1);
    let probing: Promise<ProbeOutcome>;
    try {
      probing = this.prober.probe({ upstream, target: entry.record, settings, cancel });
    } catch (error) {
      probing = Promise.resolve(unexpected(error));
    }
    const finish = (outcome: ProbeOutcome) => {
      this.running.delete(id);
      this.busy.set(name, Math.max(0, (this.busy.get(name) ?? 1) - 1));
      if (outcome.kind !== 'cancelled' && !this.stopped) this.apply(id, name, settings, outcome, this.clock.now() - started);
      this.emit('settled', id);
      this.plan(id);
      this.next(name);
    };
    // Set before the probe can end: its end (always a later turn) finds it running.
    this.running.set(id, { upstream: name, cancel, done: probing.then(finish, (error: unknown) => finish(unexpected(error))) });
  }

  private apply(
    id: string,
    upstream: string,
    probed: ActiveHealthCheck,
    outcome: Exclude<ProbeOutcome, { kind: 'cancelled' }>,
    durationMs: number,
  ): void {
    this.holdUntil.delete(id);
    const current = this.targets.entry(id)?.checks.active;
    if (outcome.kind === 'proxy-failure') {
      this.proxies.failed(upstream, outcome.detail);
      // The target's counters are untouched, so core's cadence would say "due now": try again at the fast cadence.
      this.holdUntil.set(id, this.clock.now() + (current ?? probed).unhealthy.intervalMs * (1 - PROBE_JITTER * this.random.next()));
    } else {
      if (outcome.viaProxy) this.proxies.succeeded(upstream);
      // A probe of a type or path that changed while it ran says nothing about the new one.
      if (current && current.type === probed.type && current.path === probed.path)
        this.targets.observeProbe(id, outcome.result satisfies ProbeResult);
    }
    const verdict = outcome.kind === 'result' ? classifyProbe(outcome.result, probed) : null;
    this.emit('probe', { upstream, targetId: id, outcome, verdict, durationMs } satisfies ProbeReport);
  }

  /** Starts the next waiting probe of an upstream, if a slot is free. */
  private next(upstream: string): void {
    const queue = this.waiting.get(upstream);
    if (!queue || this.stopped) return;
    for (const id of queue) {
      queue.delete(id);
      this.fire(id);
      if (this.running.has(id) || queue.has(id)) break;
    }
    if (queue.size === 0) this.waiting.delete(upstream);
  }

  private unqueue(id: string): void {
    for (const [upstream, queue] of this.waiting) {
      queue.delete(id);
      if (queue.size === 0) this.waiting.delete(upstream);
    }
  }

  private forget(id: string): void {
    this.holdUntil.delete(id);
    clearTimeout(this.timers.get(id));
    this.timers.delete(id);
    this.unqueue(id);
    this.running.get(id)?.cancel.cancel();
    this.prober.drop(id);
  }
}
