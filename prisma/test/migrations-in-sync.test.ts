// The committed migrations produce exactly the models of the schema: `migrate diff` from the
// migrations folder (replayed in a shadow database) to the schema is empty.
import { describe, expect, it } from 'vitest';
import { migrationsPath, schemaPath } from '../src/schema-files.ts';
import { freshDatabase, providers } from './support/fresh-database.ts';
import { databasesNamed } from './support/postgres.ts';
import { prisma } from './support/prisma-cli.ts';

describe.each(providers)('committed %s migrations', (provider) => {
  it('are in sync with the schema', async () => {
    // The datasource only matters for PostgreSQL, where the shadow database is created next to
    // it; for SQLite the (missing) file is never opened.
    const database = await freshDatabase(provider, { exists: provider === 'postgresql' });
    const url = database.url;
    try {
      const args = ['migrate', 'diff', '--from-migrations', migrationsPath(provider), '--to-schema', schemaPath(provider)];
      const diff = await prisma([...args, '--exit-code'], url);
      expect(diff.stdout + diff.stderr).toContain('No difference detected');
      expect(diff.code, 'migrations drifted from the schema: run `prisma migrate dev`').toBe(0);
    } finally {
      await database.cleanup();
    }
  });
});

it('leaves no shadow database behind', async () => {
  expect(await databasesNamed('prisma_migrate_shadow_db_')).toEqual([]);
});
