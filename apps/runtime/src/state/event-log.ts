import type { Clock } from '@headwater/core';
import type { Database } from '@headwater/prisma';
import { errorFields, type Logger } from '../lib/logger.ts';

export interface EventEntry {
  node: string;
  kind: string; // admin | active | circuit | cooldown | credentials | proxy | config
  upstream: string;
  targetId: string | null;
  target: string | null;
  from: string | null;
  to: string;
  reason: string;
  at: Date;
}

const FLUSH_MS = 250;
/** While the database cannot be reached, held events are offered again this often. */
const RETRY_MS = 1_000;
/** Events held for an unreachable database, at most: beyond, the oldest go (counted in the log). */
const MAX_HELD_EVENTS = 10_000;
const PRUNE_EVERY_MS = 3_600_000;

/**
 * Writes fact changes to the event log in small batches (never on the request path), and
 * prunes entries older than the retention once an hour.
 *
 * A database outage loses no event: a batch that cannot be written is held in memory (up to
 * MAX_HELD_EVENTS) and written once the database answers again, and the outage is logged once
 * when it starts and once when it ends, not per batch. A batch the database refuses while it
 * answers (it would never be written) is dropped and logged, so it cannot hold up later events.
 */
export class EventLog {
  private queue: EventEntry[] = [];
  private flushing: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private readonly pruner: NodeJS.Timeout;
  /** Writes are failing because the database cannot be reached. */
  private holding = false;
  private droppedWhileHolding = 0;
  private closed = false;

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
    this.trimHeld();
    this.schedule(this.holding ? RETRY_MS : FLUSH_MS);
  }

  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.flushing;
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    this.flushing = this.write(batch).finally(() => (this.flushing = undefined));
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
    this.closed = true;
    clearTimeout(this.timer);
    if (this.queue.length > 0)
      this.log.error('event log: the database is unreachable at shutdown; events not written', { lost: this.queue.length });
  }

  private schedule(delayMs: number): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => void this.flush(), delayMs);
    this.timer.unref();
  }

  private async write(batch: EventEntry[]): Promise<void> {
    try {
      await this.db.event.createMany({ data: batch });
    } catch (error) {
      if (await this.reachable()) {
        this.log.error('event log write refused by the database; batch dropped', { ...errorFields(error), dropped: batch.length });
      } else {
        this.hold(batch, error);
      }
      return;
    }
    if (this.holding) {
      this.holding = false;
      this.log.info('event log writes resumed', { written: batch.length, dropped: this.droppedWhileHolding });
      this.droppedWhileHolding = 0;
    }
  }

  /** Puts a batch back in front of what arrived meanwhile, and offers it again later. */
  private hold(batch: EventEntry[], error: unknown): void {
    this.queue = [...batch, ...this.queue];
    this.trimHeld();
    if (!this.holding) {
      this.holding = true;
      this.log.error('event log write failed: holding events until the database answers', {
        ...errorFields(error),
        held: this.queue.length,
      });
    }
    this.schedule(RETRY_MS);
  }

  private trimHeld(): void {
    const excess = this.queue.length - MAX_HELD_EVENTS;
    if (excess <= 0) return;
    this.queue.splice(0, excess);
    this.droppedWhileHolding += excess;
  }

  /** Whether the database answers at all: a refused write and an unreachable database call for different things. */
  private async reachable(): Promise<boolean> {
    try {
      await this.db.$queryRaw`SELECT 1`;
      return true;
    } catch {
      return false;
    }
  }

  private async prune(): Promise<void> {
    try {
      await this.db.event.deleteMany({ where: { at: { lt: new Date(this.clock.now() - this.retentionMs) } } });
    } catch (error) {
      this.log.warn('event log prune failed', errorFields(error));
    }
  }
}
