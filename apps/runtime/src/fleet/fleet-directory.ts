import type { NodeView } from './node-view.ts';

/** Where the fleet fan-out learns which nodes there are (the node registry satisfies it). */
export interface FleetDirectory {
  /** This node's id. */
  readonly self: string;
  /** Every node of the fleet, this one first. */
  list(): Promise<NodeView[]>;
}

/** How long one read of the node list serves the fan-out (heartbeats come every 5 s). */
export const DIRECTORY_CACHE_MS = 1_000;

/**
 * A directory read at most once per `cacheMs`, however many fleet grids and actions ask. Only
 * the first read is waited for: after that a stale list is answered at once while a fresh one is
 * read behind it, so a slow or unreachable database never holds up the fleet grid (it goes on
 * showing the peers this node last knew of, and a dead one shows unreachable through its own
 * fetch). A failed read is retried after `cacheMs`.
 */
export class CachedDirectory implements FleetDirectory {
  private cached: { list: NodeView[]; readAt: number } | undefined;
  private reading: Promise<NodeView[]> | undefined;

  constructor(
    private readonly source: FleetDirectory,
    private readonly clock: { monotonicMs(): number },
    private readonly cacheMs = DIRECTORY_CACHE_MS,
  ) {}

  get self(): string {
    return this.source.self;
  }

  list(): Promise<NodeView[]> {
    const cached = this.cached;
    if (cached && this.clock.monotonicMs() - cached.readAt < this.cacheMs) return Promise.resolve(cached.list);
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    if (!cached) return this.reading;
    this.reading.catch(() => {}); // answered from the cache: the failure is only retried later
    return Promise.resolve(cached.list);
  }

  private async read(): Promise<NodeView[]> {
    try {
      const list = await this.source.list();
      this.cached = { list, readAt: this.clock.monotonicMs() };
      return list;
    } catch (error) {
      if (this.cached) this.cached = { ...this.cached, readAt: this.clock.monotonicMs() };
      throw error;
    }
  }
}
