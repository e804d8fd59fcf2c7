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

export async function openDatabase(url: string): Promise<Database> {
  if (providerOf(url) === 'sqlite') {
    const client = new SqliteClient({ adapter: new PrismaLibSql({ url: `file:${sqliteFilePath(url)}` }) });
    await client.$connect();
    return client;
  }
  const schema = new URL(url).searchParams.get('schema') ?? undefined;
  const client = new PostgresClient({
    adapter: new PrismaPg({ connectionString: url }, schema ? { schema } : undefined),
  });
  await client.$connect();
  // Same models, same generated API: only the provider-specific internals differ.
  return client as unknown as Database;
}
