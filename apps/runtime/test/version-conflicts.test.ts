import { openDatabase } from '@headwater/prisma';
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { rejection, startTestRuntime, type TestRuntime } from './harness.ts';
import { dumpConfig } from './support/config-dump.ts';
import { createTestPostgresDatabase, type TestPostgresDatabase } from './support/test-postgres.ts';

// No lost updates: a write that names the upstream version it was based on stores nothing when
// the upstream moved since, and the caller hears what it is now. The check and the write are
// one step on both databases, so of two writers based on the same version exactly one wins.

const API_KEY = 'Bearer sk-conflict-0123456789-abcdef';
const PROXY_PASSWORD = 'proxy-password-conflict-0123';

describe.each(['sqlite', 'postgresql'] as const)('version conflicts on %s', (provider) => {
  let hw: TestRuntime;
  let postgres: TestPostgresDatabase | undefined;
  let db: Awaited<ReturnType<typeof openDatabase>>;

  beforeAll(async () => {
    if (provider === 'postgresql') postgres = await createTestPostgresDatabase('headwater_versions');
    hw = await startTestRuntime(postgres ? { databaseUrl: postgres.url } : {});
    db = await openDatabase(hw.databaseUrl);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await hw?.stop();
    await postgres?.drop();
  });
  beforeEach(async () => {
    for (const upstream of await hw.client.upstreams.list.query()) await hw.client.upstreams.delete.mutate({ name: upstream.name });
    await hw.client.upstreams.create.mutate({
      name: 'chat',
      retries: 1,
      proxy: { host: '127.0.0.1', port: 3128, username: 'ops', password: PROXY_PASSWORD },
      targets: [{ host: '127.0.0.1', port: 9101, headers: { authorization: API_KEY } }],
    });
  });

  const version = async () => (await hw.client.upstreams.get.query({ name: 'chat' })).version;
  const targetId = async () => (await hw.client.upstreams.get.query({ name: 'chat' })).targets[0]!.id;

  it('refuses a stale write with CONFLICT, the upstream as it is now (secrets masked) and both versions; stores nothing', async () => {
    const loaded = await version();
    await hw.client.upstreams.update.mutate({ name: 'chat', changes: { retries: 3 }, expectedVersion: loaded });
    const before = await dumpConfig(db);

    const error = await rejection(hw.client.upstreams.update.mutate({ name: 'chat', changes: { retries: 5 }, expectedVersion: loaded }));
    expect(error.data).toMatchObject({ code: 'CONFLICT', httpStatus: 409, headwaterCode: 'version_conflict' });
    expect(error.message).toBe(
      `upstream "chat" was changed since you loaded it (version ${loaded}, now ${loaded + 1}): reload to see the changes; nothing was saved`,
    );
    expect(error.data?.expectedVersion).toBe(loaded);
    expect(error.data?.currentVersion).toBe(loaded + 1);
    expect(error.data?.current).toEqual(await hw.client.upstreams.get.query({ name: 'chat' }));
    expect(error.data?.current).toMatchObject({ retries: 3, version: loaded + 1, proxy: { password: '••••0123' } });
    expect(JSON.stringify(error.data)).not.toContain(API_KEY);
    expect(JSON.stringify(error.data)).not.toContain(PROXY_PASSWORD);
    expect(await dumpConfig(db)).toBe(before);
  });

  it('holds every versioned write to the version it was based on: target create, update, delete and upstream delete', async () => {
    const stale = await version();
    const id = await targetId();
    await hw.client.targets.update.mutate({ id, changes: { weight: 50 } }); // another tab's edit
    const before = await dumpConfig(db);
    const refusals = await Promise.all([
      rejection(hw.client.targets.create.mutate({ upstream: 'chat', target: { host: '127.0.0.1', port: 9102 }, expectedVersion: stale })),
      rejection(hw.client.targets.update.mutate({ id, changes: { weight: 10 }, expectedVersion: stale })),
      rejection(hw.client.targets.delete.mutate({ id, expectedVersion: stale })),
      rejection(hw.client.upstreams.delete.mutate({ name: 'chat', expectedVersion: stale })),
    ]);
    for (const error of refusals) expect(error.data).toMatchObject({ headwaterCode: 'version_conflict', currentVersion: stale + 1 });
    expect(await dumpConfig(db)).toBe(before);

    // Based on the current version, each goes through and moves it by one.
    const current = await version();
    await hw.client.targets.update.mutate({ id, changes: { weight: 10 }, expectedVersion: current });
    expect(await version()).toBe(current + 1);
    await hw.client.upstreams.delete.mutate({ name: 'chat', expectedVersion: current + 1 });
    expect(await hw.client.upstreams.list.query()).toEqual([]);
  });

  it('of two writers based on the same version, exactly one wins and nothing of the other is stored', async () => {
    for (let round = 0; round < 5; round++) {
      const loaded = await version();
      const id = await targetId();
      const results = await Promise.allSettled([
        hw.client.upstreams.update.mutate({ name: 'chat', changes: { retries: 7 }, expectedVersion: loaded }),
        hw.client.targets.update.mutate({ id, changes: { weight: 7 }, expectedVersion: loaded }),
      ]);
      const won = results.filter((result) => result.status === 'fulfilled');
      const lost = results.flatMap((result) =>
        result.status === 'rejected' ? [result.reason as Awaited<ReturnType<typeof rejection>>] : [],
      );
      expect(won).toHaveLength(1);
      expect(lost.map((error) => error.data?.headwaterCode)).toEqual(['version_conflict']);
      const stored = await hw.client.upstreams.get.query({ name: 'chat' });
      expect(stored.version).toBe(loaded + 1);
      // The winner's change is stored, the loser's is not: exactly one of the two fields moved.
      const upstreamWon = results[0].status === 'fulfilled';
      expect([stored.retries === 7, stored.targets[0]!.weight === 7]).toEqual([upstreamWon, !upstreamWon]);
      await hw.client.upstreams.update.mutate({ name: 'chat', changes: { retries: 1 } });
      await hw.client.targets.update.mutate({ id, changes: { weight: 100 } });
    }
  });

  it('lets writes without an expected version go through as before (the last writer wins), each moving the version', async () => {
    const loaded = await version();
    await Promise.all([
      hw.client.upstreams.update.mutate({ name: 'chat', changes: { retries: 4 } }),
      hw.client.upstreams.update.mutate({ name: 'chat', changes: { slowStartMs: 0 } }),
    ]);
    const stored = await hw.client.upstreams.get.query({ name: 'chat' });
    expect(stored).toMatchObject({ version: loaded + 2, retries: 4, slowStartMs: 0 }); // neither change lost
  });
});

describe('a versioned write on PostgreSQL', () => {
  let hw: TestRuntime;
  let postgres: TestPostgresDatabase;
  beforeAll(async () => {
    postgres = await createTestPostgresDatabase('headwater_version_lock');
    hw = await startTestRuntime({ databaseUrl: postgres.url });
  });
  afterAll(async () => {
    await hw?.stop();
    await postgres?.drop();
  });

  // The race made certain: another writer (a second node, say) has bumped the version and not
  // committed yet. A check that read the version first would pass (it cannot see the bump) and
  // then write over the other change; the check that is the write waits, and then sees it.
  it('waits for a writer that holds the upstream, then refuses, storing nothing', async () => {
    const created = await hw.client.upstreams.create.mutate({ name: 'locked', retries: 1 });
    const other = new pg.Client({ connectionString: postgres.url });
    await other.connect();
    try {
      await other.query('BEGIN');
      await other.query('UPDATE "Upstream" SET version = version + 1, retries = 9 WHERE name = $1', ['locked']);
      const write = rejection(
        hw.client.upstreams.update.mutate({ name: 'locked', changes: { retries: 2 }, expectedVersion: created.version }),
      );
      // The write is waiting on the row lock: give it the time to get there before the other commits.
      const activity = await waitForBlockedQuery(other);
      expect(activity).toBeGreaterThan(0);
      await other.query('COMMIT');
      const error = await write;
      expect(error.data).toMatchObject({ headwaterCode: 'version_conflict', expectedVersion: 1, currentVersion: 2 });
    } finally {
      await other.end();
    }
    expect(await hw.client.upstreams.get.query({ name: 'locked' })).toMatchObject({ version: 2, retries: 9 });
  });

  // Each import claims the upstreams it changes before it writes; in one order (by id), whatever
  // the order of the text, so two imports never hold one upstream each while waiting for the other's.
  it('runs two imports that change the same upstreams in opposite orders, both to the end', async () => {
    await hw.client.upstreams.create.mutate({ name: 'one' });
    await hw.client.upstreams.create.mutate({ name: 'two' });
    const text = (first: string, second: string, retries: number) =>
      `upstreams:\n  - { name: ${first}, retries: ${retries} }\n  - { name: ${second}, retries: ${retries} }\n`;
    for (let round = 0; round < 5; round++) {
      const results = await Promise.allSettled([
        hw.client.config.import.mutate({ yaml: text('one', 'two', 2 * round) }),
        hw.client.config.import.mutate({ yaml: text('two', 'one', 2 * round + 1) }),
      ]);
      expect(results.map((result) => (result.status === 'rejected' ? String(result.reason) : result.status))).toEqual([
        'fulfilled',
        'fulfilled',
      ]);
      const retries = (await hw.client.upstreams.list.query()).filter((u) => u.name !== 'locked').map((u) => u.retries);
      expect(new Set(retries).size).toBe(1); // one import wholly after the other: never half of each
    }
  });
});

/** Waits until some session of the database waits on a lock (the admin write behind the open transaction); returns how many. */
async function waitForBlockedQuery(client: pg.Client): Promise<number> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const { rows } = await client.query<{ blocked: string }>(
      `SELECT count(*) AS blocked FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
    );
    const blocked = Number(rows[0]!.blocked);
    if (blocked > 0 || Date.now() > deadline) return blocked;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
