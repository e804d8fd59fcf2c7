import { retryAllowed } from '@headwater/core';

/**
 * Each upstream's retry budget on this node: the requests in flight and the retries among
 * them, which core's `retryAllowed` weighs before a retry starts, so a failing upstream sees
 * at most (1 + retryBudgetPct) × its normal load rather than (1 + retries) ×.
 */
export class RetryBudgets {
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
}
