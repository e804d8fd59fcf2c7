import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualClock } from '@headwater/core';
import { type Database, migrateDatabase, openDatabase } from '@headwater/prisma';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DatabaseStatus } from '../src/fleet/database-status.ts';
import { type LiveNode, NodeRegistry } from '../src/fleet/node-registry.ts';
import { NODE_FORGOTTEN_AFTER_MS, NODE_LOST_AFTER_MS } from '../src/fleet/node-view.ts';
import type { Logger } from '../src/lib/logger.ts';
import { createTestPostgresDatabase, type TestPostgresDatabase } from './support/test-postgres.ts';

// The node registry against a real database of each kind, with a test clock: nothing waits for
// a heartbeat period, a node goes lost or forgotten because the clock was moved.

const START = Date.UTC(2026, 10, 30, 19, 42, 3);

type Logged = Array<{ level: string; msg: string; fields?: Record<string, unknown> }>;

const capture = (lines: Logged): Logger => ({
  info: (msg, fields) => lines.push({ level: 'info', msg, fields }),
  warn: (msg, fields) => lines.push({ level: 'warn', msg, fields }),
  error: (msg, fields) => lines.push({ level: 'error', msg, fields }),
});

interface Fixture {
  readonly clock: ReturnType<typeof manualClock>;
  storedVersion: number;
  /** A registry for node `id` on the shared database; `live` is what it reports (changed by the test). */
  node(
    id: string,
    live?: Partial<LiveNode>,
    db?: Database,
  ): { registry: NodeRegistry; live: LiveNode; logs: Logged; database: DatabaseStatus };
}

function fixture(db: () => Database): Fixture {
  const fx: Fixture = {
    clock: manualClock(START),
    storedVersion: 7,
    node(id, initial = {}, onDb = db()) {
      const live: LiveNode = { configVersion: 7, ready: true, ...initial };
      const logs: Logged = [];
      const database = new DatabaseStatus(fx.clock);
      const registry = new NodeRegistry({
        db: onDb,
        id,
        version: '9.9.9',
        startedAt: fx.clock.now(),
        clock: fx.clock,
        log: capture(logs),
        database,
        live: () => live,
        storedConfigVersion: async () => fx.storedVersion,
      });
      return { registry, live, logs, database };
    },
  };
  return fx;
}

const providers = ['sqlite', 'postgresql'] as const;

describe.each(providers)('the node registry on %s', (provider) => {
  let db: Database;
  let dir: string | undefined;
  let pg: TestPostgresDatabase | undefined;
  let fx: Fixture;
  const running: NodeRegistry[] = [];

  beforeAll(async () => {
    let url: string;
    if (provider === 'sqlite') {
      dir = mkdtempSync(join(tmpdir(), 'headwater-nodes-'));
      url = `file:${join(dir, 'nodes.db')}`;
    } else {
      pg = await createTestPostgresDatabase('headwater_registry');
      url = pg.url;
    }
    await migrateDatabase(url);
    db = await openDatabase(url);
  }, 60_000);
  afterAll(async () => {
    await Promise.all(running.map((registry) => registry.stop()));
    await db?.$disconnect();
    await pg?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    await Promise.all(running.splice(0).map((registry) => registry.stop()));
    await db.node.deleteMany();
    fx = fixture(() => db);
  });

  /** A node started (registered, heartbeating) with these reported values. */
  const started = async (id: string, live: Partial<LiveNode> = {}) => {
    const node = fx.node(id, live);
    running.push(node.registry);
    await node.registry.start(`http://${id}.internal:8081`);
    return node;
  };

  it('registers each node; the list is this node first, then the others by id, each with what it reported', async () => {
    await started('node-z', { ready: false });
    fx.clock.advance(1_000);
    await started('node-a', { configVersion: 6 });
    fx.clock.advance(1_000);
    const { registry } = await started('node-m');
    fx.clock.advance(2_000);

    const list = await registry.read();
    expect(list).toMatchObject({ self: 'node-m', at: START + 4_000, configVersion: 7 });
    expect(list.nodes.map((node) => node.id)).toEqual(['node-m', 'node-a', 'node-z']);
    expect(list.nodes[0]).toEqual({
      id: 'node-m',
      adminUrl: 'http://node-m.internal:8081',
      version: '9.9.9',
      startedAt: START + 2_000,
      configVersion: 7,
      configCurrent: true,
      ready: true,
      lastSeenAt: START + 4_000, // this node is answering: seen now
      stoppedAt: null,
      status: 'up',
      requestsPerSecond: 0,
      self: true,
    });
    expect(list.nodes[1]).toMatchObject({ id: 'node-a', configVersion: 6, configCurrent: false, lastSeenAt: START + 1_000, self: false });
    expect(list.nodes[2]).toMatchObject({
      id: 'node-z',
      ready: false,
      configCurrent: true,
      lastSeenAt: START,
      stoppedAt: null,
      status: 'up',
    });
    expect(await registry.list()).toEqual(list.nodes);
  });

  it('shows a node lost once it has been unseen for 15 s by the reader’s clock, and up again after its next heartbeat', async () => {
    const other = await started('node-b');
    const { registry } = await started('node-a');

    fx.clock.advance(NODE_LOST_AFTER_MS - 1);
    expect((await registry.list()).map((node) => [node.id, node.status])).toEqual([
      ['node-a', 'up'],
      ['node-b', 'up'],
    ]);
    fx.clock.advance(1);
    expect((await registry.list()).map((node) => [node.id, node.status])).toEqual([
      ['node-a', 'up'], // itself: answering, so never lost
      ['node-b', 'lost'],
    ]);
    expect((await registry.list())[1]).toMatchObject({ stoppedAt: null, lastSeenAt: START }); // silent, never stopped: a crash

    await other.registry.refresh();
    expect((await registry.list())[1]).toMatchObject({ id: 'node-b', status: 'up', lastSeenAt: START + NODE_LOST_AFTER_MS });
  });

  it('forgets a node unseen for a day: a heartbeat (at most one a minute) deletes its row', async () => {
    await started('node-gone');
    const { registry } = await started('node-a');

    fx.clock.advance(NODE_FORGOTTEN_AFTER_MS - 1);
    await registry.refresh();
    expect((await registry.list()).map((node) => [node.id, node.status])).toEqual([
      ['node-a', 'up'],
      ['node-gone', 'lost'],
    ]);

    fx.clock.advance(1);
    expect((await registry.list()).map((node) => node.id)).toEqual(['node-a']); // not listed once a day old
    await registry.refresh(); // the last sweep was a millisecond ago: sweeps run at most once a minute
    expect((await db.node.findMany()).map((row) => row.id).sort()).toEqual(['node-a', 'node-gone']);
    fx.clock.advance(60_000);
    await registry.refresh();
    expect((await db.node.findMany()).map((row) => row.id)).toEqual(['node-a']); // and its row is gone
  });

  it('heartbeats again when told (a new config version, readiness)', async () => {
    const b = await started('node-b', { ready: false, configVersion: 6 });
    const { registry } = await started('node-a');
    Object.assign(b.live, { ready: true, configVersion: 7 });
    fx.clock.advance(500);
    await b.registry.refresh();
    expect((await registry.list())[1]).toMatchObject({ ready: true, configVersion: 7, configCurrent: true, lastSeenAt: START + 500 });
  });

  it('shows a node that stopped lost at once, with when it stopped, and writes nothing after the stop', async () => {
    const b = await started('node-b');
    const { registry } = await started('node-a');
    fx.clock.advance(1_000);
    void b.registry.refresh(); // a heartbeat in progress when the stop comes must not overwrite it
    await b.registry.stop();
    expect((await registry.list())[1]).toMatchObject({
      id: 'node-b',
      ready: false,
      lastSeenAt: START + 1_000,
      stoppedAt: START + 1_000,
      status: 'lost',
    });

    fx.clock.advance(500);
    await b.registry.refresh(); // stopped: writes nothing
    await b.registry.stop(); // nor a second stop
    expect((await registry.list())[1]).toMatchObject({ lastSeenAt: START + 1_000, stoppedAt: START + 1_000, status: 'lost' });
  });

  it('shows a stopped node up again once it heartbeats after a restart (same id), its stop cleared', async () => {
    const before = await started('node-b');
    const { registry } = await started('node-a');
    await before.registry.stop();
    expect((await registry.list())[1]).toMatchObject({ id: 'node-b', status: 'lost' });

    fx.clock.advance(2_000);
    await started('node-b'); // the restarted process: its first heartbeat
    expect((await registry.list())[1]).toMatchObject({
      id: 'node-b',
      ready: true,
      startedAt: START + 2_000,
      lastSeenAt: START + 2_000,
      stoppedAt: null,
      status: 'up',
    });
    expect((await db.node.findUniqueOrThrow({ where: { id: 'node-b' } })).stoppedAt).toBeNull();
  });

  it('reports the data-plane requests per second over the last heartbeat interval', async () => {
    const b = await started('node-b');
    const { registry } = await started('node-a');
    for (let request = 0; request < 30; request++) b.registry.countRequest();
    fx.clock.advance(10_000);
    await b.registry.refresh();
    expect((await registry.list())[1]).toMatchObject({ id: 'node-b', requestsPerSecond: 3 });
    fx.clock.advance(10_000);
    await b.registry.refresh();
    expect((await registry.list())[1]).toMatchObject({ requestsPerSecond: 0 });
  });
});

describe('a heartbeat that fails', () => {
  it('is logged once per outage and once when it recovers, and shows in the status from memory', async () => {
    let down = false;
    const stub = {
      node: {
        updateMany: async () => {
          if (down) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
          return { count: 1 };
        },
        deleteMany: async () => ({ count: 0 }),
      },
    } as unknown as Database;
    const fx = fixture(() => stub);
    const { registry, logs, live } = fx.node('node-a', {}, stub);
    await registry.start('http://node-a:8081');
    expect(registry.status()).toEqual({
      node: 'node-a',
      version: '9.9.9',
      startedAt: START,
      configVersion: 7,
      ready: true,
      database: { status: 'ok', since: null, detail: 'database reachable: serving config version 7' },
    });

    down = true;
    fx.clock.advance(5_000);
    for (let beat = 0; beat < 3; beat++) {
      await registry.refresh(); // never rejects
      fx.clock.advance(5_000);
    }
    Object.assign(live, { ready: false });
    expect(registry.status()).toMatchObject({
      ready: false,
      database: {
        status: 'unreachable',
        since: START + 5_000,
        detail: 'database unreachable since 19:42:08 UTC: serving config version 7; admin writes are refused',
      },
    });
    expect(logs.map((line) => line.msg)).toEqual([expect.stringMatching(/^node heartbeat failed/)]);
    expect(logs[0]?.fields).toMatchObject({ error: 'connect ECONNREFUSED 127.0.0.1:5432', code: 'ECONNREFUSED' });

    down = false;
    await registry.refresh();
    expect(registry.status().database).toEqual({ status: 'ok', since: null, detail: 'database reachable: serving config version 7' });
    expect(logs.slice(1)).toEqual([{ level: 'info', msg: 'node heartbeat recovered', fields: { failedHeartbeats: 3 } }]);
    await registry.stop();
  });
});
