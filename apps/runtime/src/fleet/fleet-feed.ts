import type { GridSnapshot } from '../state/grid.ts';
import { WakeList } from '../lib/wake-list.ts';
import type { FleetDirectory } from './fleet-directory.ts';
import { buildFleetGrid, type FleetGrid, type PeerGrid, type PeerGridState, peerGridState } from './fleet-grid.ts';
import type { NodeView } from './node-view.ts';
import type { Peer } from './peer-client.ts';

/** How often the fleet grid is rebuilt while someone watches it. */
export const FLEET_POLL_MS = 500;
/**
 * How long a round waits for peers that answered before: a peer slower than this keeps its
 * previous grid for this round (its request goes on, bounded by its own timeout), so one slow
 * peer never holds back the others' cells.
 */
export const FLEET_ROUND_WAIT_MS = 400;

export interface FleetFeedOptions {
  /** The node list (a `CachedDirectory`, so rounds do not each read the database). */
  directory: FleetDirectory;
  /** This node's grid, from memory. */
  local: { grid(): GridSnapshot };
  /** A peer's grid through its admin API, bounded by a timeout; rejects with an operator-safe message. */
  peers: { grid(peer: Peer): Promise<PeerGrid> };
  clock: { now(): number; monotonicMs(): number };
  pollMs?: number;
  roundWaitMs?: number;
}

/** A peer's last answer, and its request still running, if one is. */
interface PeerSlot {
  state: PeerGridState | undefined;
  inFlight: Promise<void> | undefined;
}

/**
 * The fleet grid as a stream shared by every watcher (`states.watchFleet`), like the grid feed:
 * while at least one console watches, a round every `pollMs` reads the node list, this node's
 * grid and every other `up` node's `states.get` in parallel, and the one FleetGrid it builds goes
 * to every watcher. With no watcher nothing polls. A watcher that falls behind skips to the
 * newest grid. `states.fleet` reuses the newest round when it is fresh, else runs one.
 */
export class FleetFeed {
  private readonly pollMs: number;
  private readonly roundWaitMs: number;
  private watchers = 0;
  private generation = 0;
  private latest: { grid: FleetGrid; builtAt: number } | undefined;
  private readonly waiting = new WakeList();
  private readonly slots = new Map<string, PeerSlot>();
  private pendingRound: Promise<FleetGrid> | undefined;
  private running = false;
  private pause: { timer: NodeJS.Timeout; wake: () => void } | undefined;
  private closed = false;

  constructor(private readonly options: FleetFeedOptions) {
    this.pollMs = options.pollMs ?? FLEET_POLL_MS;
    this.roundWaitMs = options.roundWaitMs ?? FLEET_ROUND_WAIT_MS;
  }

  /** Watchers now streaming the fleet grid. */
  get watching(): number {
    return this.watchers;
  }

  /** Whether rounds are running (someone watches, or the last watcher just left and the loop has yet to notice). */
  get polling(): boolean {
    return this.running;
  }

  /** A fleet grid at most `pollMs` old: the newest round's, or a new round's. */
  async current(): Promise<FleetGrid> {
    return this.fresh() ?? this.round();
  }

  /** The first fleet grid once built, then every newer one, until `signal` aborts. */
  async *watch(signal?: AbortSignal): AsyncGenerator<FleetGrid, void, undefined> {
    this.join();
    try {
      // A grid from before this watcher came (states.fleet, or an earlier watch) only if it is fresh.
      let seen = this.fresh() ? -1 : this.generation;
      while (!signal?.aborted && !this.closed) {
        if (seen === this.generation || !this.latest) {
          await this.waiting.wait(signal);
          continue;
        }
        seen = this.generation;
        yield this.latest.grid;
      }
    } finally {
      this.leave();
    }
  }

  private fresh(): FleetGrid | undefined {
    if (this.latest && this.options.clock.monotonicMs() - this.latest.builtAt < this.pollMs) return this.latest.grid;
    return undefined;
  }

  /** Ends every watch and stops polling (shutdown). */
  close(): void {
    this.closed = true;
    this.wakePause();
    this.waiting.wakeAll();
  }

  private join(): void {
    this.watchers++;
    if (this.running || this.closed) return;
    this.running = true;
    void this.poll();
  }

  private leave(): void {
    if (--this.watchers === 0) this.wakePause();
  }

  /** Rounds back to back, each starting `pollMs` after the last began, while anyone watches. */
  private async poll(): Promise<void> {
    try {
      while (this.watchers > 0 && !this.closed) {
        const startedAt = this.options.clock.monotonicMs();
        try {
          await this.round();
          this.generation++;
          this.waiting.wakeAll();
        } catch {
          // The node list was never read (the database is down since start): the next round tries again.
        }
        if (this.watchers === 0) break;
        await this.sleep(this.pollMs - (this.options.clock.monotonicMs() - startedAt));
      }
    } finally {
      this.running = false;
    }
  }

  /** One round, shared by whoever asks while it runs. */
  private round(): Promise<FleetGrid> {
    this.pendingRound ??= this.build().finally(() => {
      this.pendingRound = undefined;
    });
    return this.pendingRound;
  }

  private async build(): Promise<FleetGrid> {
    const { directory, local, clock } = this.options;
    const nodes = await directory.list();
    const peers = nodes.filter((node) => node.id !== directory.self && node.status === 'up');
    for (const id of this.slots.keys()) if (!peers.some((peer) => peer.id === id)) this.slots.delete(id);
    await this.answers(peers);
    const states = new Map<string, PeerGridState>();
    for (const [id, slot] of this.slots) if (slot.state) states.set(id, slot.state);
    const grid = buildFleetGrid({ self: directory.self, nodes, local: local.grid(), peers: states, at: clock.now() });
    this.latest = { grid, builtAt: clock.monotonicMs() };
    return grid;
  }

  /**
   * Asks every peer without a request running, then waits for the answers: the whole timeout
   * for a peer that has never answered (its cells would have nothing to show), at most
   * `roundWaitMs` for the others.
   */
  private async answers(peers: NodeView[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const cap = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.roundWaitMs);
    });
    try {
      await Promise.all(
        peers.map((peer) => {
          const slot = this.slots.get(peer.id) ?? { state: undefined, inFlight: undefined };
          this.slots.set(peer.id, slot);
          if (!slot.inFlight) {
            const flight = this.fetch(peer, slot);
            slot.inFlight = flight;
            void flight.finally(() => {
              if (slot.inFlight === flight) slot.inFlight = undefined;
            });
          }
          return slot.state ? Promise.race([slot.inFlight, cap]) : slot.inFlight;
        }),
      );
    } finally {
      clearTimeout(timer);
    }
  }

  /** Never rejects: a failure is the peer's state until its next answer. */
  private async fetch(peer: NodeView, slot: PeerSlot): Promise<void> {
    try {
      slot.state = peerGridState(await this.options.peers.grid(peer));
    } catch (error) {
      slot.state = { ok: false, error: error instanceof Error ? error.message : 'request failed' };
    }
  }

  private sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(this.pause?.timer);
        this.pause = undefined;
        resolve();
      };
      this.pause = { timer: setTimeout(wake, ms), wake };
    });
  }

  private wakePause(): void {
    this.pause?.wake();
  }
}
