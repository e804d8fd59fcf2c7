import { retryAllowed } from '@headwater/core';

/** Requests and retries in flight per upstream on this node: the retry budget's inputs. */
export class UpstreamTraffic {
  private readonly active = new Map<string, number>();
  private readonly retries = new Map<string, number>();

  startRequest(upstream: string): void {
    this.active.set(upstream, (this.active.get(upstream) ?? 0) + 1);
  }

  endRequest(upstream: string): void {
    this.active.set(upstream, Math.max(0, (this.active.get(upstream) ?? 1) - 1));
  }

  /** Takes a retry slot if the budget allows one; release it with `endRetry`. */
  tryStartRetry(upstream: string, retryBudgetPct: number): boolean {
    const retries = this.retries.get(upstream) ?? 0;
    if (!retryAllowed(retries, this.active.get(upstream) ?? 0, retryBudgetPct)) return false;
    this.retries.set(upstream, retries + 1);
    return true;
  }

  endRetry(upstream: string): void {
    this.retries.set(upstream, Math.max(0, (this.retries.get(upstream) ?? 1) - 1));
  }

  activeRequests(upstream: string): number {
    return this.active.get(upstream) ?? 0;
  }
}
