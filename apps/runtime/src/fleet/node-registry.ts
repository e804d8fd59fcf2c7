import type { Clock } from '@headwater/core';
import type { Database } from '@headwater/prisma';
import { errorFields, type Logger } from '../lib/logger.ts';
import type { DatabaseStatus, DatabaseStatusView } from './database-status.ts';
import { NODE_FORGOTTEN_AFTER_MS, NODE_HEARTBEAT_MS, NODE_LOST_AFTER_MS, type NodeView } from './node-view.ts';

/** What this node is right now, read at each heartbeat and for `runtime.status`. */
export interface LiveNode {
  /** The config version this node serves. */
  readonly configVersion: number;
  /** Its `/readyz` verdict. */
  readonly ready: boolean;
}

export interface NodeRegistryOptions {
  readonly db: Database;
  /** HEADWATER_NODE_ID. */
  readonly id: string;
  /** The runtime's software version. */
  readonly version: string;
  /** Epoch ms the runtime started. */
  readonly startedAt: number;
  /** The runtime's clock: heartbeat times, and the age that makes a node lost. */
  readonly clock: Clock;
  readonly log: Logger;
  /** Told whether each heartbeat reached the database. */
  readonly database: DatabaseStatus;
  readonly live: () => LiveNode;
  /** The stored config version, which each node's `configCurrent` is judged against. */
  readonly storedConfigVersion: () => Promise<number>;
  /**
   * Whether to heartbeat every NODE_HEARTBEAT_MS as well as on changes: yes on a shared
   * database (PostgreSQL), where peers judge this node by its row's age. An embedded SQLite file
   * belongs to one process: no peer reads its row, and each write there is a synchronous fsync
   * on the data plane's thread (2–9 ms measured), so it writes only on changes. Default true.
   */
  readonly periodic?: boolean;
}

/** What `nodes.list` answers. */
export interface NodeList {
  /** This node's id. */
  self: string;
  /** Epoch ms of the read, by this node's clock (the time `status` was judged at). */
  at: number;
  /** The stored config version. */
  configVersion: number;
  /** This node first, then the others by id. */
  nodes: NodeView[];
}

/** What `runtime.status` answers: this node, from memory (it answers while the database is down). */
export interface RuntimeStatus {
  node: string;
  version: string;
  startedAt: number;
  configVersion: number;
  ready: boolean;
  database: DatabaseStatusView;
}

/** How long a stopping node waits for its stop to be written (ready: false, stoppedAt) before it closes anyway. */
const LAST_HEARTBEAT_WAIT_MS = 2_000;

/** Rows unseen for NODE_FORGOTTEN_AFTER_MS are deleted by a heartbeat at most this often, not by every one. */
const FORGET_EVERY_MS = 60_000;

type NodeRow = Awaited<ReturnType<Database['node']['findMany']>>[number];

const byId = (a: NodeView, b: NodeView) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * This node's row in the fleet's node registry (the `Node` table of the shared database), and
 * the registry as this node reads it. Each heartbeat (at start, every NODE_HEARTBEAT_MS, and
 * when the served config version changes) upserts the row, clearing `stoppedAt`, and deletes
 * (at most once a minute) the rows unseen for NODE_FORGOTTEN_AFTER_MS. A node is lost once it stopped cleanly (`stop`,
 * the end of its shutdown, sets `stoppedAt`), or once its last heartbeat is NODE_LOST_AFTER_MS
 * old by this node's clock (a node killed, or cut off). A failed heartbeat is logged once per
 * outage, and once more when one works.
 */
export class NodeRegistry {
  readonly self: string;
  private adminUrl = '';
  private timer: NodeJS.Timeout | undefined;
  private state: 'new' | 'running' | 'stopped' = 'new';
  private beating: Promise<void> | undefined;
  private beatAgain = false;
  private failedHeartbeats = 0;
  private requestsServed = 0;
  private rate = { requests: 0, at: 0, perSecond: 0 };
  private lastForgetAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly options: NodeRegistryOptions) {
    this.self = options.id;
    this.rate.at = options.startedAt;
  }

  /** Registers this node (`adminUrl`: where its peers reach its admin API) and heartbeats from now on. */
  async start(adminUrl: string): Promise<void> {
    if (this.state !== 'new') return;
    this.adminUrl = adminUrl;
    this.state = 'running';
    if (this.options.periodic ?? true) {
      this.timer = setInterval(() => {
        if (!this.beating) void this.refresh(); // a heartbeat still hanging (a database not answering) skips this one
      }, NODE_HEARTBEAT_MS);
      this.timer.unref();
    }
    await this.refresh();
  }

  /** One data-plane request answered (for `requestsPerSecond`). */
  countRequest(): void {
    this.requestsServed++;
  }

  /**
   * Heartbeats now (a new config version, a readiness change), or right after the one in
   * progress. Never rejects: a failure is logged and shows in `status().database`.
   */
  refresh(): Promise<void> {
    if (this.state !== 'running') return Promise.resolve();
    if (this.beating) {
      this.beatAgain = true;
      return this.beating;
    }
    this.beating = this.beatUntilCurrent().finally(() => {
      this.beating = undefined;
    });
    return this.beating;
  }

  /**
   * Stops the heartbeat, and writes the stop (ready false, `stoppedAt` now) after the heartbeat
   * in progress, so none overwrites it: every node lists this one as lost from now on, not 15 s
   * later. The last step of a shutdown (bounded: the database may be down).
   */
  async stop(): Promise<void> {
    if (this.state !== 'running') return;
    this.state = 'stopped';
    clearInterval(this.timer);
    const inProgress = this.beating;
    const last = (async () => {
      await inProgress;
      await this.heartbeat({ stopping: true });
    })();
    let waited: NodeJS.Timeout | undefined;
    const bound = new Promise<void>((resolve) => {
      waited = setTimeout(resolve, LAST_HEARTBEAT_WAIT_MS);
    });
    await Promise.race([last, bound]);
    clearTimeout(waited);
  }

  /** Every node of the fleet not yet forgotten: this one first (as it is now, from memory), then the others by id. */
  async read(): Promise<NodeList> {
    const now = this.options.clock.now();
    const [rows, configVersion] = await Promise.all([
      this.options.db.node.findMany({ where: { lastSeenAt: { gt: new Date(now - NODE_FORGOTTEN_AFTER_MS) } } }),
      this.options.storedConfigVersion(),
    ]);
    const others = rows.filter((row) => row.id !== this.self).map((row) => this.viewOf(row, now, configVersion));
    return { self: this.self, at: now, configVersion, nodes: [this.selfView(now, configVersion), ...others.sort(byId)] };
  }

  /** The node list: what the fleet fan-out reads. */
  async list(): Promise<NodeView[]> {
    return (await this.read()).nodes;
  }

  /** This node as it is now, and what it last saw of the database: from memory. */
  status(): RuntimeStatus {
    const { configVersion, ready } = this.options.live();
    const { id, version, startedAt, database } = this.options;
    return { node: id, version, startedAt, configVersion, ready, database: database.view(configVersion) };
  }

  private async beatUntilCurrent(): Promise<void> {
    do {
      this.beatAgain = false;
      await this.heartbeat();
    } while (this.beatAgain && this.state === 'running');
  }

  private async heartbeat({ stopping = false } = {}): Promise<void> {
    const { clock, log, database } = this.options;
    const now = clock.now();
    try {
      await this.writeRow(now, stopping);
      if (now - this.lastForgetAt >= FORGET_EVERY_MS) {
        await this.options.db.node.deleteMany({ where: { lastSeenAt: { lte: new Date(now - NODE_FORGOTTEN_AFTER_MS) } } });
        this.lastForgetAt = now;
      }
      database.answered();
      if (this.failedHeartbeats > 0) log.info('node heartbeat recovered', { failedHeartbeats: this.failedHeartbeats });
      this.failedHeartbeats = 0;
    } catch (error) {
      database.failed();
      if (this.failedHeartbeats++ === 0) {
        log.error('node heartbeat failed: the other nodes will see this node as lost until the database answers', errorFields(error));
      }
    }
  }

  /**
   * This node's row as it is now. An `updateMany` first: Prisma builds it in about a third of
   * an upsert's time on the data plane's thread (0.4 against 1.1 ms measured on PostgreSQL); the
   * upsert only when the row is missing (the first heartbeat, or a row a peer forgot).
   */
  private async writeRow(now: number, stopping: boolean): Promise<void> {
    const live = this.options.live();
    const row = {
      adminUrl: this.adminUrl,
      version: this.options.version,
      startedAt: new Date(this.options.startedAt),
      configVersion: live.configVersion,
      ready: stopping ? false : live.ready,
      requestsPerSecond: this.requestsPerSecond(now),
      lastSeenAt: new Date(now),
      stoppedAt: stopping ? new Date(now) : null,
    };
    const { db } = this.options;
    const { count } = await db.node.updateMany({ where: { id: this.self }, data: row });
    if (count === 0) await db.node.upsert({ where: { id: this.self }, create: { id: this.self, ...row }, update: row });
  }

  /** Requests per second since the last measure at least a second ago (a heartbeat soon after another keeps the figure). */
  private requestsPerSecond(now: number): number {
    const elapsedMs = now - this.rate.at;
    if (elapsedMs >= 1_000) {
      const perSecond = ((this.requestsServed - this.rate.requests) * 1_000) / elapsedMs;
      this.rate = { requests: this.requestsServed, at: now, perSecond: Math.round(perSecond * 100) / 100 };
    }
    return this.rate.perSecond;
  }

  private viewOf(row: NodeRow, now: number, storedVersion: number): NodeView {
    const lastSeenAt = row.lastSeenAt.getTime();
    const stoppedAt = row.stoppedAt?.getTime() ?? null;
    return {
      id: row.id,
      adminUrl: row.adminUrl,
      version: row.version,
      startedAt: row.startedAt.getTime(),
      configVersion: row.configVersion,
      configCurrent: row.configVersion === storedVersion,
      ready: row.ready,
      lastSeenAt,
      stoppedAt,
      status: stoppedAt !== null || now - lastSeenAt >= NODE_LOST_AFTER_MS ? 'lost' : 'up',
      requestsPerSecond: row.requestsPerSecond,
      self: false,
    };
  }

  /** This node from memory: it is answering, so it is up and seen now, whatever its row says. */
  private selfView(now: number, storedVersion: number): NodeView {
    const { configVersion, ready } = this.options.live();
    return {
      id: this.self,
      adminUrl: this.adminUrl,
      version: this.options.version,
      startedAt: this.options.startedAt,
      configVersion,
      configCurrent: configVersion === storedVersion,
      ready,
      lastSeenAt: now,
      stoppedAt: null,
      status: 'up',
      requestsPerSecond: this.rate.perSecond,
      self: true,
    };
  }
}
