import { maxEjections, type CircuitStatus, type EjectionBudget } from '@headwater/core';
import type { ConfigSnapshot } from '../config/snapshot.ts';

/**
 * Each upstream's open or half-open circuits against its max ejection share, on this node.
 * Keyed by upstream id, not name: a rename keeps the count (by name it would free one ejection).
 */
export class EjectionCounts {
  private readonly ejected = new Map<string, number>();
  private readonly limits = new Map<string, number>();

  /** max(1, floor(N × maxEjectionPct ÷ 100)) per upstream, N = its enabled targets with weight > 0. */
  setLimits(snapshot: ConfigSnapshot): void {
    this.limits.clear(); // so a deleted upstream leaves nothing behind
    for (const { config } of snapshot.upstreams.values()) {
      const countable = config.targets.filter((target) => target.adminState === 'enabled' && target.weight > 0).length;
      this.limits.set(config.id, maxEjections(countable, config.healthChecks.passive.maxEjectionPct));
    }
  }

  budget(upstreamId: string): EjectionBudget {
    return { ejected: this.ejected.get(upstreamId) ?? 0, limit: this.limits.get(upstreamId) ?? 1 };
  }

  /** Counts a circuit leaving or re-entering 'closed'. */
  circuitChanged(upstreamId: string, before: CircuitStatus, after: CircuitStatus): void {
    if (before === 'closed' && after !== 'closed') this.add(upstreamId, 1);
    if (before !== 'closed' && after === 'closed') this.add(upstreamId, -1);
  }

  /** A target gone for good no longer holds an ejection. */
  targetRemoved(upstreamId: string, circuit: CircuitStatus): void {
    if (circuit !== 'closed') this.add(upstreamId, -1);
  }

  private add(upstreamId: string, change: number): void {
    const count = Math.max(0, (this.ejected.get(upstreamId) ?? 0) + change);
    if (count === 0) this.ejected.delete(upstreamId);
    else this.ejected.set(upstreamId, count);
  }
}
