import { EventEmitter } from 'node:events';
import type { Random } from '@headwater/core';
import type { ConfigRepository } from './repository.ts';
import { ConfigSnapshot } from './snapshot.ts';

/** Where the version poll reports an outage of the config database: once when it starts, once when it ends. */
export interface PollReport {
  /** The first failed poll of an outage; the node goes on serving `servingVersion`. */
  failed(error: unknown, context: { servingVersion: number }): void;
  /** The first poll that worked after `failedPolls` failed ones; `version` is what the node serves now. */
  recovered(context: { failedPolls: number; version: number }): void;
}

/**
 * Holds the current config snapshot. Reloads right after this node's own writes, when told of
 * another node's write (PostgreSQL NOTIFY, see config-notifications.ts), and polls the stored
 * config version as the safety net, so writes made through any other node arrive within a second.
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

  /**
   * Reloads when the stored version is not the one served; resolves whether it did. What the
   * poll runs, and what a config notification (PostgreSQL NOTIFY) triggers.
   */
  async check(): Promise<boolean> {
    if ((await this.repository.version()) === this.current.version) return false;
    await this.reload();
    return true;
  }

  /**
   * Checks the stored version every `intervalMs` and reloads when it moved. While the database
   * cannot be reached the node keeps serving its last good snapshot: `report.failed` hears the
   * first failure of each outage only (not one per poll), `report.recovered` the first success
   * after it. A check still running when the next is due (a hanging connection) skips that one.
   */
  startPolling(intervalMs: number, report: PollReport): void {
    if (intervalMs <= 0) return;
    let failedPolls = 0;
    let polling = false;
    this.timer = setInterval(async () => {
      if (polling) return;
      polling = true;
      try {
        await this.check();
        if (failedPolls > 0) report.recovered({ failedPolls, version: this.current.version });
        failedPolls = 0;
      } catch (error) {
        if (failedPolls++ === 0) report.failed(error, { servingVersion: this.current.version });
      } finally {
        polling = false;
      }
    }, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
