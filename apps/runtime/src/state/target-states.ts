import { EventEmitter } from 'node:events';
import { displayState, initialFacts, slowStartFactor, type LiveTargets, type TargetFacts } from '@headwater/core';
import type { ConfigSnapshot } from '../config/snapshot.ts';
import type { GridSnapshot } from './grid.ts';

interface LiveTarget {
  facts: TargetFacts;
  inFlight: number;
  weight: number;
}

const CHANGE_COALESCE_MS = 100;

/**
 * The one mutable store of live target state on this node. Config reloads sync it (facts
 * and counters survive any edit that keeps the target's id); traffic moves in-flight counts.
 * Emits 'change' at most every 100 ms, so the grid sees every change well within a second.
 */
export class TargetStates extends EventEmitter implements LiveTargets {
  private readonly live = new Map<string, LiveTarget>();
  private snapshot: ConfigSnapshot | undefined;
  private pending: NodeJS.Timeout | undefined;

  constructor(
    readonly node: string,
    private readonly now: () => number = Date.now,
  ) {
    super();
    this.setMaxListeners(0);
  }

  facts(id: string): TargetFacts {
    const entry = this.live.get(id);
    if (!entry) throw new Error(`no live state for target ${id}`);
    return entry.facts;
  }

  inFlight(id: string): number {
    return this.live.get(id)?.inFlight ?? 0;
  }

  /** Aligns live state with a new config snapshot. */
  sync(snapshot: ConfigSnapshot): void {
    const now = this.now();
    const seen = new Set<string>();
    for (const upstream of snapshot.upstreams.values()) {
      const activeOn = upstream.config.healthChecks.active !== null;
      for (const target of upstream.config.targets) {
        seen.add(target.id);
        const entry = this.live.get(target.id);
        if (!entry) {
          // New targets start Healthy with slow start (or awaiting their first probe).
          this.live.set(target.id, {
            facts: { ...initialFacts(target.adminState, activeOn), recoveredAt: now },
            inFlight: 0,
            weight: target.weight,
          });
          continue;
        }
        const facts = entry.facts;
        const reEnabled = facts.admin !== 'enabled' && target.adminState === 'enabled';
        const weightFromZero = entry.weight === 0 && target.weight > 0;
        entry.facts = {
          ...facts,
          admin: target.adminState,
          recoveredAt: reEnabled || weightFromZero ? now : facts.recoveredAt,
        };
        entry.weight = target.weight;
      }
    }
    for (const id of this.live.keys()) if (!seen.has(id)) this.live.delete(id);
    this.snapshot = snapshot;
    this.changed();
  }

  /** Counts an attempt at a target until its last byte. */
  begin(id: string): void {
    const entry = this.live.get(id);
    if (entry) entry.inFlight++;
    this.changed();
  }

  end(id: string): void {
    const entry = this.live.get(id);
    if (entry && entry.inFlight > 0) entry.inFlight--;
    this.changed();
  }

  grid(): GridSnapshot {
    const now = this.now();
    const upstreams = [...(this.snapshot?.upstreams.values() ?? [])].map((upstream) => ({
      name: upstream.config.name,
      targets: upstream.config.targets.map((target) => {
        const entry = this.live.get(target.id)!;
        const shown = displayState(entry.facts, target.weight, now);
        const factor = slowStartFactor(entry.facts.recoveredAt, upstream.config.slowStartMs, now);
        return {
          id: target.id,
          host: target.host,
          port: target.port,
          weight: target.weight,
          priority: target.priority,
          adminState: target.adminState,
          state: shown.state,
          reasons: shown.reasons,
          inFlight: entry.inFlight,
          slowStartPct: factor < 1 && shown.state === 'healthy' ? Math.round(factor * 100) : null,
        };
      }),
    }));
    return { node: this.node, at: now, upstreams };
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
