import type { Clock } from '@headwater/core';
import type { Database } from '@headwater/prisma';
import { errorFields, type Logger } from '../lib/logger.ts';

export interface EventEntry {
  node: string;
  kind: string; // admin | active | circuit | cooldown | proxy | config
  upstream: string;
  targetId: string | null;
  target: string | null;
  from: string | null;
  to: string;
  reason: string;
  at: Date;
}

const FLUSH_MS = 250;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Writes fact changes to the event log in small batches (never on the request path), and
 * prunes entries older than the retention once an hour.
 */
export class EventLog {
  private queue: EventEntry[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly pruner: NodeJS.Timeout;

  constructor(
    private readonly db: Database,
    private readonly retentionMs: number,
    private readonly log: Logger,
    private readonly clock: Clock,
  ) {
    this.pruner = setInterval(() => void this.prune(), PRUNE_EVERY_MS);
    this.pruner.unref();
    void this.prune();
  }

  record(entry: EventEntry): void {
    this.queue.push(entry);
    if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
      this.timer.unref();
    }
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.flushing = this.db.event
      .createMany({ data: batch })
      .then(() => undefined)
      .catch((error: unknown) => this.log.error('event log write failed', { ...errorFields(error), dropped: batch.length }))
      .finally(() => (this.flushing = undefined));
    await this.flushing;
  }

  async list(filter: { upstream?: string | undefined; targetId?: string | undefined; limit: number }) {
    await this.flush();
    return this.db.event.findMany({
      where: { ...(filter.upstream ? { upstream: filter.upstream } : {}), ...(filter.targetId ? { targetId: filter.targetId } : {}) },
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      take: filter.limit,
    });
  }

  async close(): Promise<void> {
    clearInterval(this.pruner);
    await this.flush();
  }

  private async prune(): Promise<void> {
    try {
      await this.db.event.deleteMany({ where: { at: { lt: new Date(this.clock.now() - this.retentionMs) } } });
    } catch (error) {
      this.log.warn('event log prune failed', errorFields(error));
    }
  }
}
