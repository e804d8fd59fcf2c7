import { openDatabase } from '@headwater/prisma';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { dumpConfig } from './support/config-dump.ts';
import { createTestPostgresDatabase, type TestPostgresDatabase } from './support/test-postgres.ts';

// config.import is one transaction on both databases: a failure part-way through stores
// nothing. The failure here is the database's own (a trigger refusing one row), so the import
// has already written the rows before it. A writer racing for the same name gets a CONFLICT,
// and no client ever reads Prisma's messages.

const SECRET = 'Bearer sk-import-transaction-0123456789';
const INTERNAL_MESSAGE = 'the admin API failed to handle this request; the details are in the runtime log';

/** A trigger that refuses to store an upstream named `refused`, as a full disk or a lost lock would refuse it. */
const refusingTrigger = {
  sqlite: [
    `CREATE TRIGGER refuse_upstream BEFORE INSERT ON "Upstream" WHEN NEW.name = 'refused' BEGIN SELECT RAISE(ABORT, 'trigger refused the row'); END`,
  ],
  postgresql: [
    `CREATE FUNCTION refuse_upstream() RETURNS trigger AS $$ BEGIN IF NEW.name = 'refused' THEN RAISE EXCEPTION 'trigger refused the row'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
    `CREATE TRIGGER refuse_upstream BEFORE INSERT ON "Upstream" FOR EACH ROW EXECUTE FUNCTION refuse_upstream()`,
  ],
};

describe.each(['sqlite', 'postgresql'] as const)('config.import on %s', (provider) => {
  let hw: TestRuntime;
  let postgres: TestPostgresDatabase | undefined;
  let db: Awaited<ReturnType<typeof openDatabase>>;

  beforeAll(async () => {
    if (provider === 'postgresql') postgres = await createTestPostgresDatabase('headwater_import_tx');
    hw = await startTestRuntime(postgres ? { databaseUrl: postgres.url } : {});
    db = await openDatabase(hw.databaseUrl);
    for (const sql of refusingTrigger[provider]) await db.$executeRawUnsafe(sql);
    await hw.client.upstreams.create.mutate({ name: 'kept', retries: 1, targets: [{ host: '127.0.0.1', port: 9001 }] });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await hw?.stop();
    await postgres?.drop();
  });

  it('stores nothing when the database refuses a row part-way, and tells the client nothing of the database', async () => {
    const before = await dumpConfig(db);
    const yaml = [
      'upstreams:',
      '  - name: first',
      `    targets: [{ host: 127.0.0.1, port: 9002, headers: { authorization: "${SECRET}" } }]`,
      '  - name: kept',
      '    retries: 3',
      '    targets: [{ host: 127.0.0.1, port: 9003 }]',
      '  - name: refused',
      '',
    ].join('\n');
    const error = await rejection(hw.client.config.import.mutate({ yaml }));
    expect(error.data?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.message).toBe(INTERNAL_MESSAGE);
    expect(JSON.stringify(error.data)).not.toMatch(/prisma|invocation|trigger|Upstream/i);
    expect(await dumpConfig(db)).toBe(before);
    expect((await hw.client.upstreams.list.query()).map((u) => [u.name, u.retries])).toEqual([['kept', 1]]);

    // The runtime's log has what happened, but neither the query's arguments nor any secret.
    const logged = JSON.stringify(hw.logs.filter((line) => line.level === 'error'));
    expect(logged).toContain('trigger refused the row');
    expect(logged).not.toContain(SECRET);
    expect(logged).not.toContain('enc:v');
  });

  it('stores everything when nothing fails', async () => {
    const yaml = 'upstreams:\n  - name: first\n  - name: kept\n    retries: 3\n    targets: [{ host: 127.0.0.1, port: 9003 }]\n';
    expect(await hw.client.config.import.mutate({ yaml })).toMatchObject({ created: ['first'], updated: ['kept'], unchanged: [] });
    expect((await hw.client.upstreams.list.query()).map((u) => [u.name, u.retries, u.targets.map((t) => t.port)])).toEqual([
      ['first', 2, []],
      ['kept', 3, [9003]],
    ]);
  });
});

// SQLite has one writer at a time, so only PostgreSQL lets two writers race for a name.
describe('config writes on postgresql', () => {
  let hw: TestRuntime;
  let postgres: TestPostgresDatabase;

  beforeAll(async () => {
    postgres = await createTestPostgresDatabase('headwater_name_race');
    hw = await startTestRuntime({ databaseUrl: postgres.url });
  });
  afterAll(async () => {
    await hw?.stop();
    await postgres?.drop();
  });

  it('gives a writer that loses a race for a name a CONFLICT, not an internal error', async () => {
    for (const [name, write] of [
      ['raced', (n: string) => hw.client.upstreams.create.mutate({ name: n })],
      ['raced-import', (n: string) => hw.client.config.import.mutate({ yaml: `upstreams:\n  - name: ${n}\n` })],
    ] as const) {
      // The racer's row is written but not committed: the admin write cannot see it, checks, and blocks on the unique index.
      const racer = new pg.Client({ connectionString: postgres.url });
      await racer.connect();
      await racer.query('BEGIN');
      await racer.query(
        `INSERT INTO "Upstream" ("id", "name", "algorithm", "retries", "retryOn", "retryBudgetPct", "retryBufferBytes", "connectTimeoutMs", "headersTimeoutMs", "bodyIdleTimeoutMs", "totalTimeoutMs", "slowStartMs", "overprovisioningFactor", "drainTimeoutMs", "failOpen", "passiveHealthCheck", "updatedAt")
         VALUES ($1, $2, 'round-robin', 2, '[]', 20, 0, 5000, 600000, 300000, 0, 0, 1.4, 0, false, '{}', now())`,
        [`racer-${name}`, name],
      );
      const losing = rejection(write(name));
      await waitFor('the admin write to wait for the racing row', async () => {
        const { rows } = await racer.query<{ waiting: number }>(
          `SELECT count(*)::int AS waiting FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`,
        );
        return rows[0]!.waiting > 0;
      });
      await racer.query('COMMIT');
      await racer.end();
      const error = await losing;
      expect(error.data?.code).toBe('CONFLICT');
      expect(error.message).toBe(`name: an upstream named "${name}" already exists`);
    }
  });
});
