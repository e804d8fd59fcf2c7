// A connected Prisma Client for DATABASE_URL, with the driver adapter its provider needs.
import { PrismaLibSql } from '@prisma/adapter-libsql';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as PostgresClient } from '../generated/postgresql/client.ts';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client.ts';
import { providerOf, sqliteFilePath } from './database-url.ts';

/**
 * The database client. Both generated clients share the model API (same models, one
 * source); the SQLite client's type stands for both.
 */
export type Database = SqliteClient;

/**
 * Bounds on every connection of the PostgreSQL pool (pg's options, which PrismaPg passes to
 * `new pg.Pool`). Without them a database that stops answering (a partition, a server stuck in
 * recovery) holds a query, and with it the version poll, the heartbeat or an admin write, until
 * the operating system gives up on the socket, hours later.
 */
export const POSTGRES_POOL_TIMEOUTS = {
  /** Opening a connection, or waiting for a free one in the pool. */
  connectionTimeoutMillis: 5_000,
  /** Server side: one statement (the runtime's are small; an import is many small ones). */
  statement_timeout: 10_000,
  /** Client side: a server that stopped answering altogether (statement_timeout cannot fire there). */
  query_timeout: 15_000,
  /** TCP keep-alives from 10 s of silence, so a dead idle connection is noticed. */
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
} as const;

export async function openDatabase(url: string): Promise<Database> {
  if (providerOf(url) === 'sqlite') {
    const client = new SqliteClient({ adapter: new PrismaLibSql({ url: `file:${sqliteFilePath(url)}` }) });
    await client.$connect();
    return client;
  }
  const schema = new URL(url).searchParams.get('schema') ?? undefined;
  const client = new PostgresClient({
    adapter: new PrismaPg({ connectionString: url, ...POSTGRES_POOL_TIMEOUTS }, schema ? { schema } : undefined),
  });
  await client.$connect();
  // Same models, same generated API: only the provider-specific internals differ.
  return client as unknown as Database;
}
