// Runtime nodes for the fleet benchmark: the compiled runtime (dist/main.js, as production runs
// it), each its own process with its own ports and data folder, all on one PostgreSQL database.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inheritedEnv } from './env.ts';

export const BENCH_TOKEN = 'bench-admin-token-0123456789';

export interface BenchNode {
  id: string;
  dataUrl: string;
  adminUrl: string;
  process: ChildProcess;
}

/** Builds dist/main.js from the current sources. */
export function buildRuntime(root: string): void {
  execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'apps/runtime/scripts/build.ts')], { stdio: 'inherit' });
}

export function startBenchNode(root: string, options: { id: string; dataPort: number; adminPort: number; databaseUrl: string }): BenchNode {
  const dir = mkdtempSync(join(tmpdir(), `headwater-bench-${options.id}-`));
  const adminUrl = `http://127.0.0.1:${options.adminPort}`;
  const child = spawn(process.execPath, [join(root, 'apps/runtime/dist/main.js')], {
    env: {
      ...inheritedEnv(),
      DATABASE_URL: options.databaseUrl,
      HEADWATER_NODE_ID: options.id,
      HEADWATER_DATA_PORT: String(options.dataPort),
      HEADWATER_ADMIN_PORT: String(options.adminPort),
      HEADWATER_ADVERTISED_ADMIN_URL: adminUrl,
      HEADWATER_BIND: '127.0.0.1',
      HEADWATER_ADMIN_TOKEN: BENCH_TOKEN,
      HEADWATER_SECRET_KEY: 'bench-secret-key-0123456789abcdef-0123456789',
      HEADWATER_DATA_DIR: dir,
      HEADWATER_ACCESS_LOG: 'off',
      HEADWATER_SHUTDOWN_DELAY_MS: '0',
    },
    stdio: 'ignore',
  });
  child.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return { id: options.id, dataUrl: `http://127.0.0.1:${options.dataPort}`, adminUrl, process: child };
}

export async function waitReady(node: BenchNode, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (node.process.exitCode !== null) throw new Error(`${node.id} exited with ${node.process.exitCode}`);
    try {
      if ((await fetch(`${node.adminUrl}/readyz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${node.id} was not ready within ${timeoutMs / 1000} s`);
}

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}
