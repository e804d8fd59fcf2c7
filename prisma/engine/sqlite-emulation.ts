// For SQLite, the wasm engine's createMigration and evaluateDataLoss run without the driver
// adapter and fail. Both are rebuilt here from engine methods that do work with it.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type {
  CreateMigrationInput,
  CreateMigrationOutput,
  DiffTarget,
  EvaluateDataLossInput,
  EvaluateDataLossOutput,
  SchemaEngine,
} from '@prisma/schema-engine-wasm';
import { migrationTarget } from './migration-target.ts';
import { createSchemaEngine, type EngineLog } from './wasm-engine.ts';

// What the native engine writes for `migrate dev --create-only` with nothing to change.
const EMPTY_MIGRATION = '-- This is an empty migration.';

/** The SQL that takes the migrations folder's end state to the schema (via the shadow database). */
async function pendingScript(
  engine: SchemaEngine,
  input: Pick<CreateMigrationInput, 'migrationsList' | 'schema' | 'filters'>,
): Promise<string> {
  const { migrationsList } = input;
  // diff insists on a lock file to know the connector, which a first migration has not
  // written yet; with no migrations at all the starting point is simply empty.
  const lockfile = { ...migrationsList.lockfile, content: migrationsList.lockfile.content ?? 'provider = "sqlite"\n' };
  const from: DiffTarget = migrationsList.migrationDirectories.length
    ? { tag: 'migrations', ...migrationsList, lockfile }
    : { tag: 'empty' };
  const { stdout } = await engine.diff({
    from,
    to: { tag: 'schemaDatamodel', ...input.schema },
    script: true,
    exitCode: null,
    filters: input.filters,
  });
  const script = stdout ?? '';
  return script.trim() === EMPTY_MIGRATION ? '' : script;
}

/** UTC yyyyMMddHHmmss, the native engine's migration folder prefix. */
function migrationTimestamp(now: Date): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

export async function createSqliteMigration(engine: SchemaEngine, input: CreateMigrationInput): Promise<CreateMigrationOutput> {
  const script = await pendingScript(engine, input);
  const name = input.migrationName;
  const generatedMigrationName = name ? `${migrationTimestamp(new Date())}_${name}` : migrationTimestamp(new Date());
  const hasChanges = script.trim().length > 0;
  return {
    connectorType: 'sqlite',
    extension: 'sql',
    generatedMigrationName,
    migrationScript: hasChanges ? script : input.draft ? `${EMPTY_MIGRATION}\n` : null,
  };
}

/**
 * Data-loss warnings come from a dry run: `schemaPush` (without force) against a copy of the
 * database, which reports warnings and unexecutable steps without touching the real file.
 */
export async function evaluateSqliteDataLoss(
  engine: SchemaEngine,
  input: EvaluateDataLossInput,
  sqlitePath: string,
  log?: EngineLog,
): Promise<EvaluateDataLossOutput> {
  const script = await pendingScript(engine, input);
  if (!script.trim()) return { migrationSteps: 0, unexecutableSteps: [], warnings: [] };

  const folder = await mkdtemp(path.join(tmpdir(), 'headwater-data-loss-'));
  const copyPath = path.join(folder, 'copy.db');
  try {
    await copyFile(sqlitePath, copyPath);
    const target = migrationTarget({ url: `file:${copyPath}` }, [], folder);
    const dryRun = await createSchemaEngine(log ? { adapter: target.bound, log } : { adapter: target.bound });
    try {
      const pushed = await dryRun.schemaPush({ force: false, schema: input.schema, filters: input.filters });
      const feedback = (message: string) => ({ message, stepIndex: 0 });
      return {
        migrationSteps: Math.max(1, pushed.executedSteps),
        unexecutableSteps: pushed.unexecutable.map(feedback),
        warnings: pushed.warnings.map(feedback),
      };
    } finally {
      dryRun.free();
      await target.closeConnections();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
