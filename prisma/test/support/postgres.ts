// Throwaway PostgreSQL databases for tests. No PostgreSQL means failing tests, not skipped
// ones: CI installs it, and a silently skipped provider is an untested provider.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { testPostgresUrl } from '../../src/env.ts';

export const serverUrl = testPostgresUrl();

async function admin(sql: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: serverUrl });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`PostgreSQL is unreachable at TEST_POSTGRES_URL=${serverUrl}: ${(error as Error).message}`);
  }
  try {
    const result = await client.query<{ name: string }>(sql);
    return result.rows.map((row) => row.name);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  drop(): Promise<void>;
}

/** A uniquely named database URL; `create: false` leaves creating it to the code under test. */
export async function testDatabase({ create = true } = {}): Promise<TestDatabase> {
  const name = `headwater_test_${randomBytes(6).toString('hex')}`;
  if (create) await admin(`CREATE DATABASE "${name}"`);
  else await admin('SELECT 1'); // fail fast when the server is unreachable
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Databases on the server whose name starts with `prefix` (to catch leaked shadow databases). */
export function databasesNamed(prefix: string): Promise<string[]> {
  return admin(`SELECT datname AS name FROM pg_database WHERE datname LIKE '${prefix}%'`);
}
