// `?schema=` in a PostgreSQL URL: the migration on start puts the tables (and its own
// `_prisma_migrations`) into that schema, creating it, and the client finds them there.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, migrateDatabase, openDatabase } from '../src/index.ts';
import { migrationsPath } from '../src/schema-files.ts';
import { type TestDatabase, testDatabase } from './support/postgres.ts';

const MODEL_TABLES = ['ConfigVersion', 'Event', 'Node', 'Target', 'Upstream'];
const TABLES = [...MODEL_TABLES, '_prisma_migrations'].sort();
const committed = readdirSync(migrationsPath('postgresql'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const suffix = randomBytes(4).toString('hex');
// Two fleets sharing one database, one schema each; the second name needs quoting (capitals, a space).
const SCHEMAS = [`fleet_${suffix}`, `Fleet Two ${suffix}`];

// A throwaway database of the test server rather than the server's own: should the schema be
// ignored again, the tables land in this database's `public`, dropped with it.
let database: TestDatabase;
let admin: pg.Client;

const withSchema = (schema: string) => {
  const url = new URL(database.url);
  url.searchParams.set('schema', schema);
  return url.toString();
};

async function tablesIn(schema: string): Promise<string[]> {
  const result = await admin.query<{ name: string }>(
    'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1',
    [schema],
  );
  return result.rows.map((row) => row.name).sort();
}

async function schemaExists(schema: string): Promise<boolean> {
  return ((await admin.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount ?? 0) > 0;
}

const quoted = (schema: string) => `"${schema.replaceAll('"', '""')}"`;

beforeAll(async () => {
  database = await testDatabase();
  admin = new pg.Client({ connectionString: database.url });
  await admin.connect();
});
afterAll(async () => {
  for (const schema of SCHEMAS) await admin?.query(`DROP SCHEMA IF EXISTS ${quoted(schema)} CASCADE`);
  await admin?.end();
  await database?.drop();
});

describe('migrateDatabase with ?schema= on PostgreSQL', () => {
  it('creates each named schema and applies the migrations there, none in public', async () => {
    for (const schema of SCHEMAS) expect(await schemaExists(schema)).toBe(false);

    for (const schema of SCHEMAS) await migrateDatabase(withSchema(schema));

    for (const schema of SCHEMAS) {
      expect(await schemaExists(schema)).toBe(true);
      expect(await tablesIn(schema)).toEqual(TABLES);
      const applied = await admin.query<{ name: string }>(
        `SELECT migration_name AS name FROM ${quoted(schema)}._prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1`,
      );
      expect(applied.rows.map((row) => row.name)).toEqual(committed);
    }
    expect(await tablesIn('public')).toEqual([]);
  });

  it('finds the migrations applied on the next start, and the client reads and writes that schema only', async () => {
    const [one, two] = SCHEMAS as [string, string];
    await migrateDatabase(withSchema(one)); // nothing pending: it must see its own `_prisma_migrations`
    const count = await admin.query(`SELECT count(*)::int AS n FROM ${quoted(one)}._prisma_migrations`);
    expect(count.rows[0]).toEqual({ n: committed.length });

    let db: Database | undefined;
    try {
      db = await openDatabase(withSchema(one));
      const at = new Date();
      const node = {
        adminUrl: 'http://a:8081',
        version: '1',
        startedAt: at,
        configVersion: 1,
        ready: true,
        requestsPerSecond: 0,
        lastSeenAt: at,
      };
      await db.node.create({ data: { id: 'node-a', ...node } });
      expect((await db.node.findMany()).map((row) => row.id)).toEqual(['node-a']);
    } finally {
      await db?.$disconnect();
    }
    const rows = async (schema: string) => (await admin.query(`SELECT id FROM ${quoted(schema)}."Node"`)).rows;
    expect(await rows(one)).toEqual([{ id: 'node-a' }]);
    expect(await rows(two)).toEqual([]);
    expect(await tablesIn('public')).toEqual([]);
  });
});
