import { spawn } from 'node:child_process';

/** The argument that makes the runtime's entry point migrate the database and exit (`node dist/main.js migrate`). */
export const MIGRATE_COMMAND = 'migrate';

/**
 * Migrates the database in a child process of the same entry point (`<entry> migrate`), which
 * reads the same environment and so the same DATABASE_URL. Prisma's schema engine is
 * WebAssembly: applying migrations in-process left its compiled code and memory (tens of MB)
 * in every serving node for good; in a child they are gone when it exits. The child writes its
 * error to stderr, which becomes this rejection's message.
 */
export function migrateInChild(entry: string): () => Promise<void> {
  return () =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [...process.execArgv, entry, MIGRATE_COMMAND], { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8');
      child.stderr.on('data', (chunk: string) => {
        stderr += chunk;
      });
      child.once('error', reject);
      child.once('close', (code, signal) => {
        if (code === 0) resolve();
        else reject(new Error(stderr.trim() || `the migration process ended with ${signal ?? `exit code ${code}`}`));
      });
    });
}
