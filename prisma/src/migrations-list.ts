// Reads a migrations folder into the engine's MigrationList, the way the Prisma CLI does.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { MigrationDirectory, MigrationList } from '@prisma/schema-engine-wasm';

const LOCKFILE = 'migration_lock.toml';
const MIGRATION_FILE = 'migration.sql';

async function readOrNull(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch(() => null);
}

export async function readMigrationsList(baseDir: string): Promise<MigrationList> {
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const migrationDirectories: MigrationDirectory[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const content = await readOrNull(path.join(baseDir, entry.name, MIGRATION_FILE));
    migrationDirectories.push({
      path: entry.name,
      migrationFile: {
        path: MIGRATION_FILE,
        content: content === null ? { tag: 'error', value: `${MIGRATION_FILE} is missing` } : { tag: 'ok', value: content },
      },
    });
  }
  return {
    baseDir,
    lockfile: { path: LOCKFILE, content: await readOrNull(path.join(baseDir, LOCKFILE)) },
    migrationDirectories,
    shadowDbInitScript: '',
  };
}
