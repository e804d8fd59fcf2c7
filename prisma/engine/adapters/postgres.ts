// PostgreSQL through @prisma/adapter-pg, patched for what the wasm schema engine needs.
import { randomUUID } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import pg from 'pg';

// Catalog types the engine's introspection selects that adapter-pg cannot map to a column
// type (it throws UnsupportedNativeDataType): `"char"` (pg_class.relkind, ...) and friends.
// Their text form is what the engine wants, so we report them as `text`.
const TEXT_OID = 25;
const CATALOG_TEXT_OIDS = new Set([
  18, // "char"
  24, // regproc
  194, // pg_node_tree
  2205, // regclass
  2206, // regtype
]);

type QueryFn = (...args: unknown[]) => unknown;
type Callback = (error: unknown, result?: { fields?: Array<{ dataTypeID: number }> }) => void;

function retypeCatalogColumns(result?: { fields?: Array<{ dataTypeID: number }> }) {
  for (const field of result?.fields ?? []) {
    if (CATALOG_TEXT_OIDS.has(field.dataTypeID)) field.dataTypeID = TEXT_OID;
  }
  return result;
}

/** Patches each pooled client; pg.Pool#query calls the client's query in callback form. */
function reportCatalogTypesAsText(client: pg.PoolClient): void {
  const original = client.query.bind(client) as QueryFn;
  const patched: QueryFn = (...args) => {
    const last = args.at(-1);
    if (typeof last === 'function') {
      const callback = last as Callback;
      args[args.length - 1] = ((error, result) => callback(error, retypeCatalogColumns(result))) satisfies Callback;
      return original(...args);
    }
    const result = original(...args);
    return result instanceof Promise ? result.then(retypeCatalogColumns) : result; // Submittable: as is
  };
  client.query = patched as typeof client.query;
}

/**
 * One connection per pool: the engine takes a session-level advisory lock
 * (pg_advisory_lock(72707369)) around migrations, and lock and unlock must run in the same
 * session or the unlock misses and the lock outlives the migration.
 */
function migrationPool(url: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: withSearchPath(url), max: 1 });
  pool.on('connect', reportCatalogTypesAsText);
  return pool;
}

/** Prisma's `?schema=` parameter names the PostgreSQL schema; pg itself ignores it. */
export function schemaOf(url: string): string | undefined {
  return new URL(url).searchParams.get('schema') || undefined;
}

/** A PostgreSQL identifier in double quotes. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * The URL with `?schema=` as the `search_path` of every connection (a startup option, so a
 * connection the pool opens again has it too), as the native engine sets it. The wasm engine
 * only reports the schema to Prisma (which qualifies the client's queries with it) and creates
 * it; the migrations' SQL names its tables unqualified, so without this they, and
 * `_prisma_migrations`, land in `public`. In libpq's `options`, spaces separate arguments
 * unless escaped with a backslash, and a backslash is written twice.
 */
export function withSearchPath(url: string): string {
  const schema = schemaOf(url);
  if (!schema) return url;
  const parsed = new URL(url);
  const value = quoteIdentifier(schema).replaceAll('\\', '\\\\').replaceAll(' ', '\\ ');
  const setting = `-c search_path=${value}`;
  const given = parsed.searchParams.get('options');
  parsed.searchParams.set('options', given ? `${given} ${setting}` : setting);
  return parsed.toString();
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

async function connectTo(url: string, onDispose?: () => Promise<void>): Promise<SqlDriverAdapter> {
  const schema = schemaOf(url);
  const factory = new PrismaPg(migrationPool(url), {
    disposeExternalPool: true,
    ...(schema ? { schema } : {}),
  });
  const adapter = await factory.connect();
  if (!onDispose) return adapter;
  const dispose = adapter.dispose.bind(adapter);
  adapter.dispose = async () => {
    await dispose();
    await onDispose();
  };
  return adapter;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Main database from `url`. Shadow database: `shadowUrl` when configured, otherwise a
 * throwaway database created next to the main one and dropped on dispose. We manage it
 * ourselves because PrismaPg's own connectToShadowDb spreads `{connectionString, database}`
 * into pg, where the connection string wins: it silently connects to the MAIN database.
 */
export function postgresMigrationAdapter(url: string, shadowUrl?: string): SqlMigrationAwareDriverAdapterFactory {
  return {
    provider: 'postgres',
    adapterName: '@prisma/adapter-pg',
    connect: () => connectTo(url),
    connectToShadowDb: async () => {
      if (shadowUrl) return connectTo(shadowUrl);
      const database = `prisma_migrate_shadow_db_${randomUUID().replaceAll('-', '')}`;
      await adminQuery(url, `CREATE DATABASE "${database}"`);
      return connectTo(withDatabase(url, database), () => adminQuery(url, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    },
  };
}
