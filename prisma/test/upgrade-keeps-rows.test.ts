// A database migrated by an older release, holding config, upgraded by today's migrations:
// every row survives. SQLite migrations that add a column redefine the table (copy, drop,
// rename); with foreign keys on, dropping `Upstream` would cascade to every `Target`.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineSession } from '../engine/engine-session.ts';
import type { Provider } from '../src/database-url.ts';
import { migrateDatabase, openDatabase } from '../src/index.ts';
import { readMigrationsList } from '../src/migrations-list.ts';
import { migrationsPath, schemaPath } from '../src/schema-files.ts';
import { type FreshDatabase, freshDatabase, providers } from './support/fresh-database.ts';

/** The first committed migration of a provider only: the state of a database from the first release. */
async function migrateToFirstRelease(provider: Provider, url: string): Promise<void> {
  const folder = mkdtempSync(path.join(tmpdir(), 'headwater-first-release-'));
  const committed = migrationsPath(provider);
  cpSync(path.join(committed, 'migration_lock.toml'), path.join(folder, 'migration_lock.toml'));
  const first = provider === 'sqlite' ? '20261125092758_init' : '20261125092819_init';
  cpSync(path.join(committed, first), path.join(folder, first), { recursive: true });
  const schemaFile = schemaPath(provider);
  const session = EngineSession.open({ datasource: { url }, datamodels: [[schemaFile, await readFile(schemaFile, 'utf8')]], cwd: folder });
  try {
    await session.call('applyMigrations', {
      migrationsList: await readMigrationsList(folder),
      filters: { externalTables: [], externalEnums: [] },
    });
  } finally {
    await session.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

// Written as the first release wrote them: without the columns later migrations add.
const UPSTREAM_ROW = `INSERT INTO "Upstream" ("id", "name", "algorithm", "retries", "retryOn", "retryBudgetPct", "retryBufferBytes",
  "connectTimeoutMs", "headersTimeoutMs", "bodyIdleTimeoutMs", "totalTimeoutMs", "slowStartMs", "overprovisioningFactor",
  "drainTimeoutMs", "failOpen", "passiveHealthCheck", "updatedAt")
  VALUES ('u1', 'openai', 'round-robin', 2, '[]', 20, 65536, 1000, 30000, 30000, 0, 0, 1.4, 30000, false, '{}', CURRENT_TIMESTAMP)`;
const TARGET_ROW = `INSERT INTO "Target" ("id", "upstreamId", "host", "port", "protocol", "tlsVerify", "weight", "priority", "maxInFlight",
  "adminState", "headers", "healthCheckOverrides", "updatedAt")
  VALUES ('t1', 'u1', '127.0.0.1', 8080, 'http', true, 100, 0, 0, 'enabled', '{}', '{}', CURRENT_TIMESTAMP)`;

describe.each(providers)('upgrading a %s database of the first release', (provider) => {
  let database: FreshDatabase | undefined;
  afterEach(async () => {
    await database?.cleanup();
  });

  it('keeps every upstream and target, starts each upstream at version 1 and quota-aware (the spec default)', async () => {
    database = await freshDatabase(provider, { exists: true });
    await migrateToFirstRelease(provider, database.url);
    const before = await openDatabase(database.url);
    try {
      await before.$executeRawUnsafe(UPSTREAM_ROW);
      await before.$executeRawUnsafe(TARGET_ROW);
    } finally {
      await before.$disconnect();
    }

    await migrateDatabase(database.url);

    const db = await openDatabase(database.url);
    try {
      const upstream = await db.upstream.findUniqueOrThrow({ where: { name: 'openai' }, include: { targets: true } });
      expect(upstream.version).toBe(1);
      expect(upstream.quotaAware).toBe(true);
      expect(upstream.targets).toMatchObject([{ id: 't1', host: '127.0.0.1', port: 8080 }]);
    } finally {
      await db.$disconnect();
    }
  });
});
