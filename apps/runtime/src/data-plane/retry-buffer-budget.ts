/**
 * The bytes of request bodies this node holds in memory so they can be replayed on a retry
 * (HEADWATER_RETRY_BUFFER_BUDGET_BYTES), shared by every request on every upstream. Each
 * upstream's retryBufferBytes bounds one body; this bounds them all, so many callers sending
 * large bodies slowly cannot hold the node's memory. A body that does not fit streams at once,
 * without retries: it never waits for room.
 */
export class RetryBufferBudget {
  private heldBytes = 0;

  constructor(private readonly limitBytes: number) {}

  /** Takes `bytes` from the budget if they fit; false (and nothing taken) when they do not. */
  take(bytes: number): boolean {
    if (this.heldBytes + bytes > this.limitBytes) return false;
    this.heldBytes += bytes;
    return true;
  }

  /** Whether `bytes` would fit now (a declared length that cannot fit streams from the start). */
  fits(bytes: number): boolean {
    return this.heldBytes + bytes <= this.limitBytes;
  }

  giveBack(bytes: number): void {
    this.heldBytes = Math.max(0, this.heldBytes - bytes);
  }

  /** Bytes held now. */
  get held(): number {
    return this.heldBytes;
  }
}
