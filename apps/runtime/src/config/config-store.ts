import { EventEmitter } from 'node:events';
import type { Random } from '@headwater/core';
import type { ConfigRepository } from './repository.ts';
import { ConfigSnapshot } from './snapshot.ts';

/**
 * Holds the current config snapshot. Reloads right after this node's own writes, and polls
 * the stored config version so writes made through any other node arrive within a second.
 */
export class ConfigStore extends EventEmitter {
  private current = ConfigSnapshot.empty();
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly repository: ConfigRepository,
    /** What the upstreams' balancers draw random picks from. */
    private readonly random: Random,
  ) {
    super();
  }

  get snapshot(): ConfigSnapshot {
    return this.current;
  }

  /**
   * Reloads the whole config. Loads run one after another, so a load asked for after a write
   * always starts after that write (a shared in-progress load might have begun before it).
   */
  reload(): Promise<void> {
    const load = this.queue.then(async () => {
      const version = await this.repository.version();
      const records = await this.repository.listUpstreams();
      this.current = ConfigSnapshot.build(version, records, this.current, this.random);
      this.emit('snapshot', this.current);
    });
    this.queue = load.catch(() => undefined);
    return load;
  }

  startPolling(intervalMs: number, onError: (error: unknown) => void): void {
    if (intervalMs <= 0) return;
    this.timer = setInterval(async () => {
      try {
        if ((await this.repository.version()) !== this.current.version) await this.reload();
      } catch (error) {
        onError(error);
      }
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
