// One schema engine bound to one datasource, with the JSON-RPC method names of the native
// engine, and the workarounds for what the wasm engine gets wrong with driver adapters.
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { createDatabase, createSqliteMigrationsTable, deleteSqliteFiles } from './database-admin.ts';
import { describeEngineError } from './engine-error.ts';
import { type Datasource, type MigrationTarget, migrationTarget } from './migration-target.ts';
import { createSqliteMigration, evaluateSqliteDataLoss } from './sqlite-emulation.ts';
import { createSchemaEngine, type EngineLog } from './wasm-engine.ts';

// RPC methods that go straight to the wasm engine method of the same name.
const PASSTHROUGH = [
  'applyMigrations',
  'createMigration',
  'dbExecute',
  'devDiagnostic',
  'diagnoseMigrationHistory',
  'diff',
  'ensureConnectionValidity',
  'evaluateDataLoss',
  'introspect',
  'introspectSql',
  'markMigrationApplied',
  'markMigrationRolledBack',
  'reset',
  'schemaPush',
] as const satisfies ReadonlyArray<keyof SchemaEngine>;

type PassthroughMethod = (typeof PASSTHROUGH)[number];

function isPassthrough(method: string): method is PassthroughMethod {
  return (PASSTHROUGH as readonly string[]).includes(method);
}

export interface SessionOptions {
  datasource: Datasource;
  datamodels: Array<[string, string]>;
  /** Folder relative SQLite paths resolve against (the native engine's cwd). */
  cwd: string;
  log?: EngineLog;
}

export class EngineSession {
  // Created on first use: SchemaEngine.new connects at once, and a connection failure is
  // better reported as the answer to a request (with its error code) than as a crash.
  private engine: SchemaEngine | undefined;

  private constructor(
    readonly target: MigrationTarget,
    private readonly options: SessionOptions,
  ) {}

  static open(options: SessionOptions): EngineSession {
    return new EngineSession(migrationTarget(options.datasource, options.datamodels, options.cwd), options);
  }

  private async current(): Promise<SchemaEngine> {
    if (this.engine) return this.engine;
    const engineOptions = { adapter: this.target.bound, datamodels: this.options.datamodels };
    const log = this.options.log;
    this.engine = await createSchemaEngine(log ? { ...engineOptions, log } : engineOptions);
    return this.engine;
  }

  /** Runs one native-engine RPC method. */
  async call(method: string, params: unknown): Promise<unknown> {
    try {
      return await this.dispatch(method, params);
    } catch (thrown) {
      const error = this.adapterErrorBehind(thrown);
      if (!this.isMissingSqliteMigrationsTable(error)) throw error;
      await createSqliteMigrationsTable(this.target);
      return this.dispatch(method, params);
    }
  }

  /**
   * Errors thrown inside the driver adapter reach us as "External error id#N": the original
   * is parked in the adapter's error registry under N.
   */
  private adapterErrorBehind(error: unknown): unknown {
    const id = /External error id#(\d+)/.exec(describeEngineError(error).message)?.[1];
    return (id && this.target.bound.errorRegistry.consumeError(Number(id))?.error) || error;
  }

  private async dispatch(method: string, params: unknown): Promise<unknown> {
    const sqlite = this.target.provider === 'sqlite';
    const engine = await this.current();
    switch (method) {
      case 'getDatabaseVersion':
        return engine.version();
      case 'createDatabase': {
        const url = this.options.datasource.url;
        if (url) await createDatabase(this.target, url);
        return { databaseName: this.target.sqlitePath ?? url ?? '' };
      }
      case 'reset':
        if (sqlite && this.target.sqlitePath) return this.resetSqliteFile(this.target.sqlitePath);
        break;
      case 'createMigration':
        if (sqlite) return createSqliteMigration(engine, params as Parameters<SchemaEngine['createMigration']>[0]);
        break;
      case 'evaluateDataLoss':
        if (sqlite && this.target.sqlitePath) {
          const input = params as Parameters<SchemaEngine['evaluateDataLoss']>[0];
          return evaluateSqliteDataLoss(engine, input, this.target.sqlitePath, this.options.log);
        }
        break;
      case 'debugPanic':
        return engine.debugPanic();
    }
    if (!isPassthrough(method)) throw new Error(`Unknown schema engine method: ${method}`);
    // Call through the object: a detached wasm-bindgen method loses its `this`.
    const engineMethod = engine[method] as (input: unknown) => Promise<unknown>;
    return engineMethod.call(engine, params);
  }

  private isMissingSqliteMigrationsTable(error: unknown): boolean {
    if (this.target.provider !== 'sqlite') return false;
    // Seen both as P1014 and as a SchemaConnectorError carrying SQLite's own message.
    const { errorCode, message } = describeEngineError(error);
    if (!message.includes('_prisma_migrations')) return false;
    return errorCode === 'P1014' || message.includes('no such table');
  }

  private async resetSqliteFile(sqlitePath: string): Promise<null> {
    await this.close();
    await deleteSqliteFiles(sqlitePath);
    return null;
  }

  async close(): Promise<void> {
    this.engine?.free();
    this.engine = undefined;
    await this.target.closeConnections();
  }
}
