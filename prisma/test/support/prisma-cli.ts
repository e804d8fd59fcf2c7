// Runs the stock Prisma CLI the way a developer would, in prisma/ so it loads
// prisma.config.ts (and through it, the schema-engine bridge).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { childEnv } from '../../src/env.ts';
import { packageRoot } from '../../src/schema-files.ts';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

const cli = path.join(packageRoot, 'node_modules', 'prisma', 'build', 'index.js');

export function prisma(args: string[], databaseUrl: string): Promise<CliResult> {
  const started = performance.now();
  const env = childEnv({
    DATABASE_URL: databaseUrl,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    PRISMA_SCHEMA_ENGINE_BINARY: undefined, // the config must find the bridge by itself
  });
  const child = spawn(process.execPath, [cli, ...args], { cwd: packageRoot, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Math.round(performance.now() - started) }));
  });
}
