// Housekeeping the wasm engine does not do for us: existence checks, creating databases,
// the migrations table on fresh SQLite files, and deleting SQLite files on reset.
import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { quoteIdentifier, schemaOf } from './adapters/postgres.ts';
import { EngineCodeError } from './engine-error.ts';
import type { MigrationTarget } from './migration-target.ts';

// The engine's own DDL for SQLite (from schema-engine's SQLite flavour), so a table we
// create is indistinguishable from one it would have created.
const SQLITE_MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

function serverOf(url: URL): string {
  return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
}

function databaseOf(url: URL): string {
  return decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username) || 'postgres';
}

/** Maps pg connection failures onto the codes the Prisma CLI reacts to. */
function postgresFailure(error: unknown, url: URL): EngineCodeError {
  const { code, message } = error as { code?: string; message?: string };
  if (code === '3D000') {
    return new EngineCodeError('P1003', `Database \`${databaseOf(url)}\` does not exist on the database server at \`${serverOf(url)}\`.`);
  }
  if (code === '28P01' || code === '28000') {
    return new EngineCodeError('P1000', `Authentication failed against database server at \`${serverOf(url)}\`: ${message ?? ''}`);
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
    return new EngineCodeError('P1001', `Can't reach database server at \`${serverOf(url)}\``);
  }
  return new EngineCodeError('P1000', message ?? String(error));
}

async function withPgClient(connectionString: string, use: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString });
  try {
    await client.connect();
    await use(client);
  } catch (error) {
    throw error instanceof EngineCodeError ? error : postgresFailure(error, new URL(connectionString));
  } finally {
    await client.end().catch(() => {});
  }
}

/** Throws an EngineCodeError (P1003 when the database is missing) unless it is usable. */
export async function checkConnection(target: MigrationTarget, url: string): Promise<void> {
  if (target.provider === 'sqlite') {
    if (target.sqlitePath && !existsSync(target.sqlitePath)) {
      const file = path.basename(target.sqlitePath);
      throw new EngineCodeError('P1003', `Database \`${file}\` does not exist at \`${target.sqlitePath}\`.`);
    }
    return;
  }
  await withPgClient(url, async (client) => {
    await client.query('SELECT 1');
  });
}

/** Creates the database (and for SQLite its folder); an existing one is left alone. */
export async function createDatabase(target: MigrationTarget, url: string): Promise<void> {
  if (target.provider === 'sqlite') {
    if (!target.sqlitePath) return;
    await mkdir(path.dirname(target.sqlitePath), { recursive: true });
    if (!existsSync(target.sqlitePath)) await writeFile(target.sqlitePath, '');
    return;
  }
  const parsed = new URL(url);
  const database = databaseOf(parsed);
  parsed.pathname = '/postgres';
  await withPgClient(parsed.toString(), async (client) => {
    await client.query(`CREATE DATABASE "${database.replaceAll('"', '""')}"`).catch((error: { code?: string }) => {
      // 42P04 duplicate_database; 23505 is the same, lost in a race with a concurrent CREATE.
      if (error.code !== '42P04' && error.code !== '23505') throw error;
    });
  });
}

/**
 * Creates the schema `?schema=` names (PostgreSQL) when it is missing, as the native engine
 * does; a role that may not create schemas can still migrate into one that exists. A
 * concurrent start creating it at the same moment is not an error.
 */
export async function createSchema(target: MigrationTarget, url: string): Promise<void> {
  const schema = target.provider === 'postgresql' ? schemaOf(url) : undefined;
  if (!schema) return;
  await withPgClient(url, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
    if (found.rowCount) return;
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdentifier(schema)}`).catch((error: { code?: string }) => {
      // 23505 unique_violation: the other CREATE committed between our check and our insert.
      if (error.code !== '23505') throw error;
    });
  });
}

/** Workaround: on a fresh SQLite file the wasm engine fails on the missing table instead of creating it. */
export async function createSqliteMigrationsTable(target: MigrationTarget): Promise<void> {
  const adapter = await target.factory.connect();
  try {
    await adapter.executeScript(SQLITE_MIGRATIONS_TABLE);
  } finally {
    await adapter.dispose();
  }
}

/** Workaround: the wasm engine's SQLite reset only deletes rows; a reset means a new file. */
export async function deleteSqliteFiles(sqlitePath: string): Promise<void> {
  for (const suffix of ['', '-journal', '-wal', '-shm']) {
    await rm(sqlitePath + suffix, { force: true });
  }
  await writeFile(sqlitePath, '');
}
