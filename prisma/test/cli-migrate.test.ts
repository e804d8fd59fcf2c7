// The stock Prisma CLI, through prisma.config.ts and the WebAssembly schema-engine bridge,
// on databases that do not exist yet.
import { readdirSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationsPath } from '../src/schema-files.ts';
import { type FreshDatabase, freshDatabase, providers } from './support/fresh-database.ts';
import { prisma } from './support/prisma-cli.ts';

describe.each(providers)('prisma migrate through the bridge (%s)', (provider) => {
  let database: FreshDatabase | undefined;
  afterEach(async () => {
    await database?.cleanup();
  });

  it('deploy creates the database and applies every committed migration; status agrees', async () => {
    database = await freshDatabase(provider);
    const committed = readdirSync(migrationsPath(provider), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(committed.length).toBeGreaterThan(0);

    const deploy = await prisma(['migrate', 'deploy'], database.url);
    expect(deploy.code, deploy.stderr + deploy.stdout).toBe(0);
    for (const name of committed) expect(deploy.stdout).toContain(name);

    const status = await prisma(['migrate', 'status'], database.url);
    expect(status.code, status.stderr + status.stdout).toBe(0);
    expect(status.stdout).toContain('Database schema is up to date!');

    const again = await prisma(['migrate', 'deploy'], database.url);
    expect(again.code, again.stderr + again.stdout).toBe(0);
    expect(again.stdout).toContain('No pending migrations to apply.');
  });

  it('status reports unapplied migrations on an empty database with a failing exit code', async () => {
    database = await freshDatabase(provider, { exists: true });
    const status = await prisma(['migrate', 'status'], database.url);
    expect(status.code).toBe(1);
    expect(status.stdout).toContain('have not yet been applied');
  });
});
