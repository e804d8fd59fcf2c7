// `migrate deploy` in-process: applies the committed migrations of the URL's provider.
import { readFile } from 'node:fs/promises';
import { checkConnection, createDatabase, createSchema } from '../engine/database-admin.ts';
import { describeEngineError } from '../engine/engine-error.ts';
import { EngineSession } from '../engine/engine-session.ts';
import { providerOf } from './database-url.ts';
import { readMigrationsList } from './migrations-list.ts';
import { migrationsPath, schemaPath } from './schema-files.ts';

/**
 * Applies every committed migration not yet applied; creates the SQLite file and its folder
 * (or the PostgreSQL database, and the schema `?schema=` names) when missing. On PostgreSQL
 * the tables and `_prisma_migrations` go into that schema (default `public`), where the
 * client (`openDatabase`) looks for them. Safe on every start: with nothing pending it
 * only reads the migrations table. Safe when several processes start at once against
 * PostgreSQL: the engine holds pg_advisory_lock(72707369) while it applies, so the others
 * wait and then find nothing pending. (Concurrent starts against one SQLite file are not
 * coordinated: the embedded database belongs to one runtime process.)
 */
export async function migrateDatabase(url: string): Promise<void> {
  const provider = providerOf(url);
  const schemaFile = schemaPath(provider);
  const session = EngineSession.open({
    datasource: { url },
    datamodels: [[schemaFile, await readFile(schemaFile, 'utf8')]],
    cwd: process.cwd(),
  });
  try {
    // The engine connects as soon as it exists, so the database must exist first.
    await checkConnection(session.target, url).catch(async (error: unknown) => {
      if (describeEngineError(error).errorCode !== 'P1003') throw error;
      await createDatabase(session.target, url);
    });
    await createSchema(session.target, url);
    await session.call('applyMigrations', {
      migrationsList: await readMigrationsList(migrationsPath(provider)),
      filters: { externalTables: [], externalEnums: [] },
    });
  } catch (error) {
    const { message } = describeEngineError(error);
    throw new Error(`Migrating the ${provider} database failed: ${message}`, { cause: error });
  } finally {
    await session.close();
  }
}
