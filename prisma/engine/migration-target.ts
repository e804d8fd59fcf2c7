// What a datasource points at: provider, driver adapter factory, and (SQLite) the file.
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import type {
  ErrorCapturingSqlMigrationAwareDriverAdapterFactory,
  SqlDriverAdapter,
  SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import { type Provider, providerOf, sqliteFilePath } from '../src/database-url.ts';
import { postgresMigrationAdapter } from './adapters/postgres.ts';
import { sqliteMigrationAdapter } from './adapters/sqlite.ts';

export interface Datasource {
  url?: string;
  shadowDatabaseUrl?: string;
}

export interface MigrationTarget {
  provider: Provider;
  /** Absolute path of the SQLite file; undefined for PostgreSQL and for in-memory SQLite. */
  sqlitePath?: string;
  /** The raw factory, for the bridge's own housekeeping queries. */
  factory: SqlMigrationAwareDriverAdapterFactory;
  /** The error-capturing factory the wasm engine requires. */
  bound: ErrorCapturingSqlMigrationAwareDriverAdapterFactory;
  /**
   * Disposes every connection the engine opened and has not disposed. Freeing a wasm engine
   * does not close its adapter, and an open pg pool keeps the process (and the database) busy.
   */
  closeConnections(): Promise<void>;
}

/** The provider a schema declares, for commands that run without a database URL. */
function schemaProvider(datamodels: Array<[string, string]>): Provider {
  const declared = datamodels.some(([, text]) => /provider\s*=\s*"postgres(ql)?"/.test(text));
  return declared ? 'postgresql' : 'sqlite';
}

function unreachablePostgres(): SqlMigrationAwareDriverAdapterFactory {
  const fail = () => Promise.reject(new Error('No datasource URL: set DATABASE_URL'));
  return { provider: 'postgres', adapterName: '@prisma/adapter-pg', connect: fail, connectToShadowDb: fail };
}

function tracked(provider: Provider, factory: SqlMigrationAwareDriverAdapterFactory, sqlitePath?: string): MigrationTarget {
  const open = new Set<SqlDriverAdapter>();
  const track = async (connecting: Promise<SqlDriverAdapter>): Promise<SqlDriverAdapter> => {
    const adapter = await connecting;
    const dispose = adapter.dispose.bind(adapter);
    open.add(adapter);
    adapter.dispose = async () => {
      if (!open.delete(adapter)) return; // disposing twice would end a pg pool twice
      await dispose();
    };
    return adapter;
  };
  const engineFactory: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: () => track(factory.connect()),
    connectToShadowDb: () => track(factory.connectToShadowDb()),
  };
  const target: MigrationTarget = {
    provider,
    factory,
    bound: bindMigrationAwareSqlAdapterFactory(engineFactory),
    closeConnections: async () => {
      await Promise.allSettled([...open].map((adapter) => adapter.dispose()));
    },
  };
  if (sqlitePath) target.sqlitePath = sqlitePath;
  return target;
}

export function migrationTarget(datasource: Datasource, datamodels: Array<[string, string]>, cwd: string): MigrationTarget {
  const { url, shadowDatabaseUrl } = datasource;
  if (!url) {
    // `migrate diff` between schema files needs no database, only the right connector.
    const provider = schemaProvider(datamodels);
    return tracked(provider, provider === 'postgresql' ? unreachablePostgres() : sqliteMigrationAdapter(':memory:'));
  }
  const provider = providerOf(url);
  if (provider === 'postgresql') return tracked(provider, postgresMigrationAdapter(url, shadowDatabaseUrl));
  const sqlitePath = sqliteFilePath(url, cwd);
  return tracked(provider, sqliteMigrationAdapter(sqlitePath), sqlitePath);
}
