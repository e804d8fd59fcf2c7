// The package API the runtime uses: migrateDatabase + openDatabase, on real databases.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { type Database, migrateDatabase, openDatabase } from '../src/index.ts';
import type { Provider } from '../src/database-url.ts';
import { migrationsPath } from '../src/schema-files.ts';
import { type FreshDatabase, freshDatabase, providers } from './support/fresh-database.ts';
import { testDatabase } from './support/postgres.ts';

function committedMigrations(provider: Provider): string[] {
  return readdirSync(migrationsPath(provider), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

function upstreamData(name: string) {
  return {
    name,
    algorithm: 'round-robin',
    retries: 2,
    retryOn: '["connect-error"]',
    retryBudgetPct: 20,
    retryBufferBytes: 65_536,
    connectTimeoutMs: 1_000,
    headersTimeoutMs: 30_000,
    bodyIdleTimeoutMs: 30_000,
    totalTimeoutMs: 300_000,
    slowStartMs: 0,
    overprovisioningFactor: 1.4,
    drainTimeoutMs: 30_000,
    failOpen: true,
    quotaAware: false,
    passiveHealthCheck: '{}',
  };
}

const targetData = {
  host: '127.0.0.1',
  port: 8080,
  protocol: 'http',
  tlsVerify: true,
  weight: 1,
  priority: 0,
  maxInFlight: 100,
  adminState: 'enabled',
  headers: '{}',
  healthCheckOverrides: '{}',
};

describe.each(providers)('migrateDatabase + openDatabase (%s)', (provider) => {
  let database: FreshDatabase | undefined;
  let db: Database | undefined;
  afterEach(async () => {
    await db?.$disconnect();
    db = undefined;
    await database?.cleanup();
  });

  it('migrates a database that does not exist yet, quickly, and again as a no-op', async () => {
    database = await freshDatabase(provider);
    const started = performance.now();
    await migrateDatabase(database.url);
    const firstMs = performance.now() - started;
    await migrateDatabase(database.url);
    expect(firstMs).toBeLessThan(3_000); // measured ~0.1 s; the CLI route takes ~2 s
    if (provider === 'sqlite') expect(existsSync(database.url.slice('file:'.length))).toBe(true);
  });

  it('round-trips an upstream with a target, and cascades its deletion', async () => {
    database = await freshDatabase(provider);
    await migrateDatabase(database.url);
    db = await openDatabase(database.url);

    const created = await db.upstream.create({
      data: { ...upstreamData('openai'), targets: { create: [targetData] } },
    });
    const read = await db.upstream.findUniqueOrThrow({ where: { name: 'openai' }, include: { targets: true } });
    expect(read.id).toBe(created.id);
    expect(read.overprovisioningFactor).toBe(1.4);
    expect(read.failOpen).toBe(true);
    expect(read.quotaAware).toBe(false);
    expect(read.createdAt).toBeInstanceOf(Date);
    expect(read.targets).toMatchObject([{ host: '127.0.0.1', port: 8080, upstreamId: created.id }]);

    await db.upstream.delete({ where: { id: created.id } });
    expect(await db.target.count()).toBe(0);
  });
});

describe('migrateDatabase on PostgreSQL', () => {
  it('is safe when two processes start at once', async () => {
    const database = await testDatabase({ create: false });
    const child = fileURLToPath(new URL('./support/migrate-child.mjs', import.meta.url));
    const run = () =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const process_ = spawn(process.execPath, [child, database.url]);
        let stderr = '';
        process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
        process_.on('close', (code) => resolve({ code, stderr }));
      });
    try {
      const results = await Promise.all([run(), run()]);
      for (const result of results) expect(result.code, result.stderr).toBe(0);
      const db = await openDatabase(database.url);
      try {
        // Each committed migration applied exactly once: the loser of the advisory lock waited
        // and found nothing pending, instead of applying (and failing) a second time.
        const rows = await db.$queryRawUnsafe<Array<{ migration_name: string; finished: boolean }>>(
          'SELECT migration_name, finished_at IS NOT NULL AS finished FROM _prisma_migrations ORDER BY 1',
        );
        expect(rows).toEqual(committedMigrations('postgresql').map((name) => ({ migration_name: name, finished: true })));
      } finally {
        await db.$disconnect();
      }
    } finally {
      await database.drop();
    }
  });
});
