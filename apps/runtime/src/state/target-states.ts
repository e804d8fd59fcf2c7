import { EventEmitter } from 'node:events';
import {
  advanceTimers,
  endCooldown,
  initialHealth,
  nextDeadline,
  observeLatency,
  observeOutcome,
  observeProbe,
  progressDrain,
  requestDeletion,
  resetCircuit,
  setAdminState,
  applyConfigChange,
  type Clock,
  type Flip,
  type LiveTargets,
  type Observed,
  type ProbeResult,
  type TargetFacts,
  type TrafficOutcome,
} from '@headwater/core';
import type { ConfigSnapshot } from '../config/snapshot.ts';
import { buildGrid, type GridSnapshot, type ProxyLookup } from './grid.ts';
import { EjectionCounts } from './ejection-counts.ts';
import { GridFeed } from './grid-feed.ts';
import type { InFlightAttempt, TargetState } from './target-state.ts';
import type { TrafficLookup } from './traffic-stats.ts';

/** One change of one fact of one target, as the event log and the metrics receive it. */
export interface TargetEvent {
  readonly node: string;
  readonly upstream: string;
  readonly targetId: string;
  readonly target: string; // host:port
  readonly flip: Flip;
}

export interface TargetStatesOptions {
  /** This node's name, on every event and on the grid. */
  readonly node: string;
  readonly clock: Clock;
  /** Each upstream's proxy state, shown in the grid beside its targets. */
  readonly proxies: ProxyLookup;
  /** Each target's last 60 s of traffic (TrafficStats), shown in its cell. */
  readonly traffic: TrafficLookup;
}

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
  private readonly proxies: ProxyLookup;
  private readonly traffic: TrafficLookup;
  private readonly entries = new Map<string, TargetState>();
  private readonly ejections = new EjectionCounts();
  private snapshot: ConfigSnapshot | undefined;
  private rev = 0;
  private pending: NodeJS.Timeout | undefined;

  constructor(options: TargetStatesOptions) {
    super();
    this.setMaxListeners(0);
    this.node = options.node;
    this.clock = options.clock;
    this.proxies = options.proxies;
    this.traffic = options.traffic;
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
          this.entries.set(record.id, {
            id: record.id,
            upstream: name,
            record,
            checks,
            drainTimeoutMs: upstream.config.drainTimeoutMs,
            configAdmin: record.adminState,
            health: initialHealth(record.adminState, checks.active !== null, now, known),
            inFlight: 0,
            latency: null,
            attempts: new Set(),
            timer: undefined,
            removed: false,
          });
          this.rev++;
          continue;
        }
        const before = entry.record;
        const probeChanged = entry.checks.active?.type !== checks.active?.type || entry.checks.active?.path !== checks.active?.path;
        Object.assign(entry, { upstream: name, record, checks, drainTimeoutMs: upstream.config.drainTimeoutMs, removed: false });
        this.apply(
          entry,
          applyConfigChange(
            entry.health,
            { weightBefore: before.weight, weightAfter: record.weight, activeChecksOn: checks.active !== null, probeChanged },
            now,
          ),
        );
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
    this.apply(entry, observeProbe(entry.health, result, { active: entry.checks.active, passive: entry.checks.passive }, this.clock.now()));
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

  /** Grids built since start (console streams, `states.get`, /metrics scrapes): what the live view costs. */
  get gridBuilds(): number {
    return this.builds;
  }

  grid(): GridSnapshot {
    this.builds++;
    return buildGrid(this.node, this.snapshot, this, this.clock.now(), this.proxies, this.traffic);
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
