import { EventEmitter } from 'node:events';
import {
  advanceTimers,
  applyConfigChange,
  classifyProbe,
  clearTargetCredentials,
  injectsCredentials,
  isCredentialsRejection,
  endCooldown,
  nextDeadline,
  observeLatency,
  observeOutcome,
  observeProbe,
  observeTargetCredentials,
  observeTargetQuota,
  progressDrain,
  reportsRemaining,
  requestDeletion,
  resetCircuit,
  setAdminState,
  type Clock,
  type HeaderValue,
  type LiveTargets,
  type Observed,
  type ProbeResult,
  type ProbeVerdict,
  type QuotaState,
  type TargetFacts,
  type TrafficOutcome,
} from '@headwater/core';
import type { ConfigSnapshot } from '../config/snapshot.ts';
import { buildGrid, type GridSnapshot } from './grid.ts';
import { EjectionCounts } from './ejection-counts.ts';
import { GridFeed } from './grid-feed.ts';
import { configChangeOf, newTargetEntry, quotaAfterEdit } from './target-entry.ts';
import type { InFlightAttempt, TargetEvent, TargetState, TargetStatesOptions } from './target-state.ts';

const CHANGE_COALESCE_MS = 100;

/**
 * The one mutable store of live target state on this node. Every source of a fact comes
 * through here and through core's reducers; each flip is emitted once ('event'), the grid is
 * told at most every 100 ms ('change'), and `revision()` moves so balancers rebuild their
 * eligibility view only when a fact changed.
 *
 * Events: 'event' (TargetEvent), 'change' (what `gridFeed` listens to), 'drained' (id: a drain ended, persist "disabled"),
 * 'removed' (id: the target is gone for good, its pool may close).
 */
export class TargetStates extends EventEmitter implements LiveTargets {
  readonly node: string;
  /** The grid as every `states.watch` stream shares it: one build per change, whatever the number of watchers. */
  readonly gridFeed = new GridFeed(this);
  private builds = 0;
  private readonly clock: Clock;
  private readonly entries = new Map<string, TargetState>();
  private readonly ejections = new EjectionCounts();
  private snapshot: ConfigSnapshot | undefined;
  private rev = 0;
  private pending: NodeJS.Timeout | undefined;

  constructor(private readonly options: TargetStatesOptions) {
    super();
    this.setMaxListeners(0);
    this.node = options.node;
    this.clock = options.clock;
  }

  // LiveTargets, read by the balancers at pick time.
  revision(): number {
    return this.rev;
  }
  facts(id: string): TargetFacts {
    return this.require(id).health.facts;
  }
  inFlight(id: string): number {
    return this.entries.get(id)?.inFlight ?? 0;
  }
  latencyMs(id: string): number | null {
    return this.entries.get(id)?.latency?.valueMs ?? null;
  }
  quota(id: string): QuotaState | null {
    return this.entries.get(id)?.quota ?? null;
  }

  entry(id: string): TargetState | undefined {
    return this.entries.get(id);
  }
  all(): IterableIterator<TargetState> {
    return this.entries.values();
  }

  /** Aligns live state with a new config snapshot: facts and counters survive every edit that keeps the id. */
  sync(snapshot: ConfigSnapshot): void {
    const now = this.clock.now();
    // Targets in the config when the process starts are known, not new: a restart is not a recovery.
    const known = this.snapshot === undefined;
    const seen = new Set<string>();
    this.ejections.setLimits(snapshot);
    for (const upstream of snapshot.upstreams.values()) {
      const name = upstream.config.name;
      for (const record of upstream.config.targets) {
        seen.add(record.id);
        const checks = upstream.checks.get(record.id)!;
        const entry = this.entries.get(record.id);
        if (!entry) {
          this.entries.set(record.id, newTargetEntry(record, { name, drainTimeoutMs: upstream.config.drainTimeoutMs }, checks, now, known));
          this.rev++;
          continue;
        }
        const change = configChangeOf(entry, record, checks);
        const quota = quotaAfterEdit(entry, change, upstream.config.quotaAware);
        if (quota !== entry.quota) this.rev++;
        if (change.targetChanged || change.probeChanged) entry.probeChecksKey = false;
        Object.assign(entry, { upstream: name, record, checks, quota, drainTimeoutMs: upstream.config.drainTimeoutMs, removed: false });
        this.apply(entry, applyConfigChange(entry.health, change, now));
        if (entry.configAdmin !== record.adminState) {
          entry.configAdmin = record.adminState;
          this.apply(entry, setAdminState(entry.health, record.adminState, this.adminContext(entry), now));
          // A drain with nothing in flight ends in the same step; its end is stored all the same.
          if (record.adminState === 'draining' && entry.health.facts.admin === 'disabled') this.emit('drained', entry.id);
          else this.drainProgress(entry, now);
        }
      }
    }
    for (const entry of this.entries.values()) {
      if (seen.has(entry.id) || entry.removed) continue;
      // Deleting a target with requests in flight drains it first.
      entry.removed = true;
      const progress = requestDeletion(entry.health, this.adminContext(entry), now);
      this.apply(entry, progress);
      if (progress.remove || entry.inFlight === 0) this.remove(entry);
    }
    this.snapshot = snapshot;
    this.changed();
  }

  observeProbe(id: string, result: ProbeResult): void {
    const entry = this.entries.get(id);
    if (!entry?.checks.active) return;
    const { active, passive } = entry.checks;
    const now = this.clock.now();
    this.apply(entry, observeProbe(entry.health, result, { active, passive }, now));
    if (active.type !== 'tcp' && injectsCredentials(entry.record.headers))
      this.probeCredentials(entry, classifyProbe(result, active), result, now);
  }

  /**
   * An http(s) probe carries the target's injected headers. Refused (401/402/403, unless
   * expected), it rejects them as traffic would; passing after such a refusal, it clears them. A
   * pass on a path that never checked the key (an open /health) proves nothing and clears nothing.
   */
  private probeCredentials(entry: TargetState, verdict: ProbeVerdict, result: ProbeResult, now: number): void {
    if (verdict !== 'pass' && result.kind === 'status' && isCredentialsRejection(result.status, true)) {
      entry.probeChecksKey = true;
      this.observeCredentials(entry.id, result.status);
    } else if (verdict === 'pass' && entry.probeChecksKey) {
      this.apply(entry, clearTargetCredentials(entry.health, { kind: 'probe-passed', sameHeaders: true }, now));
    }
  }

  /**
   * A response's head, of a quota-aware upstream: its rate-limit headers fold into the target's
   * budgets; the balancers' view rebuilds only when the weight factor (or its next rise) moved.
   */
  observeQuota(id: string, headers: Readonly<Record<string, HeaderValue>>): void {
    if (!reportsRemaining(headers)) return;
    const entry = this.entries.get(id);
    if (!entry) return;
    const observed = observeTargetQuota(entry.quota, headers, this.clock.now());
    entry.quota = observed.state;
    if (!observed.reweighted) return;
    this.rev++;
    this.changed();
  }

  /** A keyed target's response (or probe) status: a 401, 402 or 403 rejects its credentials. */
  observeCredentials(id: string, status: number): void {
    const entry = this.entries.get(id);
    if (entry) this.apply(entry, observeTargetCredentials(entry.health, status, true, this.clock.now()));
  }

  observeOutcome(id: string, outcome: TrafficOutcome): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    const budget = this.ejections.budget(entry.record.upstreamId);
    this.apply(entry, observeOutcome(entry.health, outcome, entry.checks.passive, budget, this.clock.now()));
  }

  observeFirstByte(id: string, ms: number): void {
    const entry = this.entries.get(id);
    if (entry) entry.latency = observeLatency(entry.latency, ms, this.clock.now());
  }

  /** Counts an attempt at a target until its last byte; a drain's deadline cuts it short. */
  begin(id: string, attempt: InFlightAttempt): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.inFlight++;
    entry.attempts.add(attempt);
    this.changed();
  }

  end(id: string, attempt: InFlightAttempt): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.inFlight = Math.max(0, entry.inFlight - 1);
    entry.attempts.delete(attempt);
    if (entry.health.facts.admin === 'draining' || entry.removed) this.drainProgress(entry, this.clock.now());
    this.changed();
  }

  resetCircuit(id: string, by: string): void {
    const entry = this.require(id);
    this.apply(entry, resetCircuit(entry.health, this.clock.now(), by));
  }

  endCooldown(id: string, by: string): void {
    const entry = this.require(id);
    this.apply(entry, endCooldown(entry.health, this.clock.now(), by));
  }

  clearCredentials(id: string, by: string): void {
    const entry = this.require(id);
    this.apply(entry, clearTargetCredentials(entry.health, { kind: 'operator', by }, this.clock.now()));
  }

  /** Grids built since start (console streams, `states.get`, /metrics scrapes): what the live view costs. */
  get gridBuilds(): number {
    return this.builds;
  }

  grid(): GridSnapshot {
    this.builds++;
    return buildGrid(this.node, this.snapshot, this, this.clock.now(), this.options.proxies, this.options.traffic);
  }

  /** Stops every timer (shutdown). */
  close(): void {
    for (const entry of this.entries.values()) clearTimeout(entry.timer);
    clearTimeout(this.pending);
    this.gridFeed.close();
  }

  private adminContext(entry: TargetState) {
    return { activeChecksOn: entry.checks.active !== null, drainTimeoutMs: entry.drainTimeoutMs, inFlight: entry.inFlight };
  }

  private drainProgress(entry: TargetState, now: number): void {
    const wasDraining = entry.health.facts.admin === 'draining';
    const progress = progressDrain(entry.health, entry.inFlight, now);
    this.apply(entry, progress);
    if (progress.abortInFlight) for (const attempt of [...entry.attempts]) attempt.abortForDrain();
    if (wasDraining && entry.health.facts.admin === 'disabled' && !entry.removed) this.emit('drained', entry.id);
    if (entry.removed && (progress.remove || entry.inFlight === 0)) this.remove(entry);
  }

  private remove(entry: TargetState): void {
    clearTimeout(entry.timer);
    this.ejections.targetRemoved(entry.record.upstreamId, entry.health.facts.circuit);
    this.entries.delete(entry.id);
    this.rev++;
    this.emit('removed', entry.id);
  }

  /** Stores a reducer's result, emits its flips, and re-arms the target's timer. */
  private apply(entry: TargetState, observed: Observed): void {
    const { facts } = entry.health;
    entry.health = observed.state;
    if (observed.flipped.length > 0) {
      this.rev++;
      this.ejections.circuitChanged(entry.record.upstreamId, facts.circuit, entry.health.facts.circuit);
      const target = `${entry.record.host}:${entry.record.port}`;
      for (const flip of observed.flipped)
        this.emit('event', { node: this.node, upstream: entry.upstream, targetId: entry.id, target, flip } satisfies TargetEvent);
      this.changed();
    }
    // Only the facts set the due time, and reducers replace them on any change: same facts, same timer.
    if (entry.health.facts !== facts) this.arm(entry);
  }

  private arm(entry: TargetState): void {
    clearTimeout(entry.timer);
    entry.timer = undefined;
    const due = nextDeadline(entry.health);
    if (due === null) return;
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        if (!this.entries.has(entry.id)) return;
        const now = Math.max(this.clock.now(), due);
        this.apply(entry, advanceTimers(entry.health, now));
        if (entry.health.facts.admin === 'draining') this.drainProgress(entry, now);
        if (entry.timer === undefined && this.entries.get(entry.id) === entry) this.arm(entry); // spent: re-arm
      },
      Math.max(0, due - this.clock.now()),
    );
    entry.timer.unref();
  }

  private require(id: string): TargetState {
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`no live state for target ${id}`);
    return entry;
  }

  private changed(): void {
    if (this.pending) return;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      this.emit('change');
    }, CHANGE_COALESCE_MS);
    this.pending.unref();
  }
}
