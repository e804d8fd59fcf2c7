import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TEST_SECRET_KEY, TEST_TOKEN, waitFor } from '../harness.ts';
import { closedPort } from './closed-port.ts';
import { nodeCommand } from './node-command.ts';

// Runtime nodes as real processes: the compiled runtime (node-command.ts), each with its own
// ports and data folder, sharing one database, token and secret key like a fleet behind a load
// balancer.

const runtimeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Builds dist/main.js from the current sources (esbuild, well under a second). */
export function buildRuntime(): void {
  const tsx = path.join(runtimeRoot, '../../node_modules/.bin/tsx');
  execFileSync(tsx, [path.join(runtimeRoot, 'scripts/build.ts')], { stdio: 'pipe' });
}

export interface NodeSettings {
  readonly id: string;
  readonly dataPort: number;
  readonly adminPort: number;
  readonly databaseUrl: string;
  /** More HEADWATER_* settings (shutdown delay, poll interval, ...). */
  readonly env?: Record<string, string>;
}

export interface RuntimeNode {
  readonly settings: NodeSettings;
  readonly dataUrl: string;
  readonly adminUrl: string;
  /** The process's output so far (for a failing test's message). */
  output(): string;
  /** SIGTERM, then waits for the process to exit by itself (the graceful shutdown). */
  stop(): Promise<number | null>;
  /** SIGKILL: the process dies at once, with whatever it had in flight. */
  kill(): Promise<void>;
  /** Starts the process again with the same settings and waits for /readyz. */
  restart(): Promise<void>;
  /** Removes the node's data folder (after it stopped). */
  dispose(): void;
}

async function ready(adminUrl: string): Promise<boolean> {
  try {
    return (await fetch(`${adminUrl}/readyz`)).status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts a node and resolves once its /readyz answers 200. Ports picked free a moment before can
 * be taken by another test's process in between: a node that could not listen starts again on
 * other free ports (the returned `settings` say which).
 */
export async function startNode(wanted: NodeSettings): Promise<RuntimeNode> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startNodeOnce(wanted);
    } catch (error) {
      if (attempt === 3 || !String(error).includes('EADDRINUSE')) throw error;
      wanted = { ...wanted, dataPort: await closedPort(), adminPort: await closedPort() };
    }
  }
}

async function startNodeOnce(settings: NodeSettings): Promise<RuntimeNode> {
  const dataDir = mkdtempSync(path.join(tmpdir(), `headwater-node-${settings.id}-`));
  const adminUrl = `http://127.0.0.1:${settings.adminPort}`;
  let child: ChildProcess;
  let log = '';
  const launch = async () => {
    const { command, argv, env } = nodeCommand({ ...settings, dataDir, adminToken: TEST_TOKEN, secretKey: TEST_SECRET_KEY });
    child = spawn(command, argv, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (chunk: Buffer) => {
      log = (log + chunk.toString('utf8')).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const readyOrExited = () => {
      if (child.exitCode !== null) throw new Error(`node ${settings.id} exited (${child.exitCode}) before it was ready`);
      return ready(adminUrl);
    };
    await waitFor(`node ${settings.id} to be ready`, readyOrExited, 30_000).catch((error: unknown) => {
      throw new Error(`${String(error)}\n--- node ${settings.id} output ---\n${log}`);
    });
  };
  await launch().catch((error: unknown) => {
    child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  });
  const exited = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
    const [code] = (await once(child, 'exit')) as [number | null];
    return code;
  };
  return {
    settings,
    dataUrl: `http://127.0.0.1:${settings.dataPort}`,
    adminUrl,
    output: () => log,
    async stop() {
      child.kill('SIGTERM');
      const code = await exited();
      return code;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited();
    },
    restart: launch,
    dispose: () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

/**
 * Starts several nodes at once and adds each one that started to `into`, even when another
 * fails: the caller's cleanup then stops every process that is running (a node left behind
 * would go on polling a database the test drops).
 */
export async function startNodes(into: RuntimeNode[], settings: readonly NodeSettings[]): Promise<void> {
  const results = await Promise.allSettled(settings.map((one) => startNode(one)));
  for (const result of results) if (result.status === 'fulfilled') into.push(result.value);
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) throw failed.reason;
}
