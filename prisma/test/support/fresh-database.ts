// A database that does not exist yet (or an empty one), for either provider, and its cleanup.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Provider } from '../../src/database-url.ts';
import { testDatabase } from './postgres.ts';
import { testSqlite } from './sqlite.ts';

export interface FreshDatabase {
  url: string;
  cleanup(): Promise<void>;
}

export async function freshDatabase(provider: Provider, { exists = false } = {}): Promise<FreshDatabase> {
  if (provider === 'sqlite') {
    const sqlite = await testSqlite();
    if (exists) {
      await mkdir(path.dirname(sqlite.file), { recursive: true });
      await writeFile(sqlite.file, '');
    }
    return { url: sqlite.url, cleanup: sqlite.remove };
  }
  const database = await testDatabase({ create: exists });
  return { url: database.url, cleanup: database.drop };
}

export const providers: Provider[] = ['sqlite', 'postgresql'];
