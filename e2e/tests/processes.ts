import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stackLogs } from './stack-logs.ts';

// Processes a spec starts itself (beyond the stack Playwright's config starts): each in a
// process group of its own, so stopping it stops whatever it started too (`next start` runs
// workers), with its output in a log file next to the stack's. Every one still running when the
// worker exits is killed then, whatever happened to the spec's afterAll.

export interface SpecProcess {
  readonly name: string;
  readonly logFile: string;
  /** Whether it has exited. */
  readonly exited: boolean;
  /** The end of its log, for a failure's message. */
  logTail(): string;
  /** SIGTERM to its group, SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) killGroup(child, 'SIGKILL');
});

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

export function startProcess(
  name: string,
  args: { command: string; argv: string[]; cwd?: string; env: Record<string, string> },
): SpecProcess {
  mkdirSync(stackLogs.dir, { recursive: true });
  const logFile = join(stackLogs.dir, `${name}.log`);
  const out = openSync(logFile, 'w');
  const child = spawn(args.command, args.argv, { cwd: args.cwd, env: args.env, stdio: ['ignore', out, out], detached: true });
  running.add(child);
  const exit = once(child, 'exit').then(() => running.delete(child));
  return {
    name,
    logFile,
    get exited() {
      return child.exitCode !== null || child.signalCode !== null;
    },
    logTail: () => readFileSync(logFile, 'utf8').slice(-4_000),
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Waits until `url` answers 200, or fails with the process's log when it exits or `timeoutMs` passes. */
export async function waitUntilServing(server: SpecProcess, url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exited) throw new Error(`${server.name} exited before serving ${url}:\n${server.logTail()}`);
    const status = await fetch(url, { signal: AbortSignal.timeout(2_000) }).then(
      async (response) => {
        await response.arrayBuffer();
        return response.status;
      },
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${server.name} did not serve ${url} within ${timeoutMs} ms:\n${server.logTail()}`);
}
