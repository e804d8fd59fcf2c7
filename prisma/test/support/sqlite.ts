import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface TestSqlite {
  file: string;
  url: string;
  remove(): Promise<void>;
}

/** A SQLite URL in a fresh temp folder, one level deeper than exists, so creation is tested. */
export async function testSqlite(): Promise<TestSqlite> {
  const folder = await mkdtemp(path.join(tmpdir(), 'headwater-prisma-'));
  const file = path.join(folder, 'data', 'headwater.db');
  return { file, url: `file:${file}`, remove: () => rm(folder, { recursive: true, force: true }) };
}
