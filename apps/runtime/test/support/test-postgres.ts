import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { readTestEnv } from '../env.ts';

// Throwaway databases on the test PostgreSQL server (TEST_POSTGRES_URL), one per test file.

const serverUrl = readTestEnv().TEST_POSTGRES_URL;

/** Runs SQL on the server's maintenance database. */
async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export interface TestPostgresDatabase {
  url: string;
  drop(): Promise<void>;
}

export async function createTestPostgresDatabase(prefix: string): Promise<TestPostgresDatabase> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  await onServer(`CREATE DATABASE "${name}"`);
  const url = Object.assign(new URL(serverUrl), { pathname: `/${name}` }).toString();
  return { url, drop: () => onServer(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
