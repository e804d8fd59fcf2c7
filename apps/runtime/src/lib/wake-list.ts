/**
 * Watchers parked until a shared feed has something new for them (a new generation) or shuts
 * down: each `wait` ends at the next `wakeAll`, or earlier when its own signal aborts, and takes
 * its wake function off the list either way, so an aborted watcher leaves nothing behind.
 */
export class WakeList {
  private readonly waiting = new Set<() => void>();

  /** Resolves at the next `wakeAll`, or when `signal` aborts; never rejects. */
  wait(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.waiting.delete(wake);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      this.waiting.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  /** Wakes every watcher waiting now; one that waits after this waits for the next call. */
  wakeAll(): void {
    for (const wake of [...this.waiting]) wake();
  }
}
