// SQLite through @prisma/adapter-libsql, patched for what the wasm schema engine sends it.
import { PrismaLibSql } from '@prisma/adapter-libsql';
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';

/**
 * Two fixes in one wrapper:
 * - Opened on first use. The wasm engine connects as soon as it is created, even for
 *   `migrate diff` between a migrations folder and a schema, which never touches the main
 *   database; opening eagerly fails there when the file's folder does not exist yet.
 * - Replaying migrations into the shadow database, the engine sends each migration script
 *   as ONE parameterless `executeRaw`; libsql's `execute` runs only one statement.
 *   Parameterless raw commands carry no row count anyone reads, so they go to
 *   `executeScript`, which runs them all.
 */
function patchedConnection(libsql: PrismaLibSql, connect: () => Promise<SqlDriverAdapter>): SqlDriverAdapter {
  let opened: Promise<SqlDriverAdapter> | undefined;
  const open = () => (opened ??= connect());
  return {
    provider: libsql.provider,
    adapterName: libsql.adapterName,
    queryRaw: async (query) => (await open()).queryRaw(query),
    executeRaw: async (query) => {
      const adapter = await open();
      if (query.args.length > 0) return adapter.executeRaw(query);
      await adapter.executeScript(query.sql);
      return 0;
    },
    executeScript: async (script) => (await open()).executeScript(script),
    startTransaction: async (isolationLevel) => (await open()).startTransaction(isolationLevel),
    dispose: async () => {
      if (opened) await (await opened).dispose();
    },
  };
}

/** Main database: the file at `filePath`; shadow database: libsql's in-memory database. */
export function sqliteMigrationAdapter(filePath: string | ':memory:'): SqlMigrationAwareDriverAdapterFactory {
  const libsql = new PrismaLibSql({ url: filePath === ':memory:' ? ':memory:' : `file:${filePath}` });
  return {
    provider: libsql.provider,
    adapterName: libsql.adapterName,
    connect: async () => patchedConnection(libsql, () => libsql.connect()),
    connectToShadowDb: async () => patchedConnection(libsql, () => libsql.connectToShadowDb()),
  };
}
