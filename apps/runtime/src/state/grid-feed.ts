import type { GridSnapshot } from './grid.ts';
import { WakeList } from '../lib/wake-list.ts';

/** Where the feed reads the grid from, and hears that it changed (TargetStates: 'change', coalesced to one per 100 ms). */
export interface GridSource {
  grid(): GridSnapshot;
  on(event: 'change', listener: () => void): unknown;
  off(event: 'change', listener: () => void): unknown;
}

/** Time-dependent parts of a cell (slow-start %, cooldown seconds) move without a change. */
const GRID_REFRESH_MS = 1_000;

/**
 * The live grid as a stream shared by every watcher (`states.watch`): one build per change and
 * per refresh, however many consoles are open, and the same snapshot fanned out to all of them.
 *
 * A change (or a refresh, at most `GRID_REFRESH_MS` after the last one) starts a new generation;
 * the first watcher to ask for it builds it and the others reuse that build. A watcher that falls
 * behind skips to the newest snapshot rather than queueing old ones. With no watcher the feed
 * stops listening and its timer stops.
 */
export class GridFeed {
  private watchers = 0;
  private generation = 0;
  private latest: { generation: number; snapshot: GridSnapshot } | undefined;
  private readonly waiting = new WakeList();
  private refresh: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly onChange = () => this.advance();

  constructor(
    private readonly source: GridSource,
    private readonly refreshMs = GRID_REFRESH_MS,
  ) {}

  /** Watchers now streaming the grid. */
  get watching(): number {
    return this.watchers;
  }

  /** The current snapshot first, then the newest one after every change and refresh, until `signal` aborts. */
  async *watch(signal?: AbortSignal): AsyncGenerator<GridSnapshot, void, undefined> {
    this.join();
    try {
      let seen = -1;
      while (!signal?.aborted && !this.closed) {
        if (seen === this.generation) {
          await this.waiting.wait(signal);
          continue;
        }
        seen = this.generation;
        yield this.current();
      }
    } finally {
      this.leave();
    }
  }

  /** Ends every watch (shutdown). */
  close(): void {
    this.closed = true;
    this.stop();
    this.waiting.wakeAll();
  }

  /** This generation's snapshot, built by the first watcher that asks for it. */
  private current(): GridSnapshot {
    if (this.latest?.generation !== this.generation) this.latest = { generation: this.generation, snapshot: this.source.grid() };
    return this.latest.snapshot;
  }

  private advance(): void {
    this.generation++;
    this.armRefresh(); // the next refresh is due a full interval after this generation
    this.waiting.wakeAll();
  }

  private armRefresh(): void {
    clearTimeout(this.refresh);
    this.refresh = setTimeout(() => this.advance(), this.refreshMs);
    this.refresh.unref();
  }

  private join(): void {
    if (this.watchers++ > 0 || this.closed) return;
    // Nothing was heard while nobody watched: the first watcher builds afresh.
    this.latest = undefined;
    this.source.on('change', this.onChange);
    this.armRefresh();
  }

  private leave(): void {
    if (--this.watchers === 0) this.stop();
  }

  private stop(): void {
    clearTimeout(this.refresh);
    this.refresh = undefined;
    this.source.off('change', this.onChange);
  }
}
