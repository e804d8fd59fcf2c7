import { type ChildProcess, spawn } from 'node:child_process';
import { environmentWithoutRuntimeSettings } from './env.ts';

/** Which core a process runs on when the bench is pinned: the proxy under test, or the rest. */
export type Core = 'proxy' | 'load';

export interface StartOptions {
  readonly core: Core;
  /** An IPC channel (for the bench's own Node children, which report their ports over it). */
  readonly ipc?: boolean;
  /** Where stdout and stderr go: ignored, piped to the bench, or a file descriptor. */
  readonly output?: 'ignore' | 'pipe' | number;
  readonly env?: NodeJS.ProcessEnv;
}

const STOP_GRACE_MS = 3_000;

/**
 * Every process the bench starts. Each gets its own process group (`detached`), so stopping
 * one stops what it started (nginx's worker, tsx's child) and a Ctrl-C at the terminal
 * reaches the bench only, which then stops them all. When pinned, the proxy under test runs
 * under `taskset -c 0`; everything else inherits the bench's own affinity (core 1).
 */
export class Children {
  private readonly running = new Set<ChildProcess>();

  constructor(private readonly pinned: boolean) {}

  start(command: string, args: readonly string[], options: StartOptions): ChildProcess {
    const [file, argv] = this.pinned && options.core === 'proxy' ? ['taskset', ['-c', '0', command, ...args]] : [command, [...args]];
    const output = options.output ?? 'ignore';
    const child = spawn(file, argv, {
      detached: true,
      stdio: ['ignore', output, output, ...(options.ipc ? (['ipc'] as const) : [])],
      env: options.env ?? environmentWithoutRuntimeSettings(),
    });
    this.running.add(child);
    child.once('exit', () => this.running.delete(child));
    child.once('error', () => this.running.delete(child));
    return child;
  }

  /** Runs a command to its end and returns what it printed on stdout (stderr is kept for errors). */
  async run(command: string, args: readonly string[], options: StartOptions): Promise<string> {
    const child = this.start(command, args, { ...options, output: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (text: string) => {
      stdout += text;
    });
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      stderr += text;
    });
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('exit', resolve);
      child.once('error', reject);
    });
    if (code !== 0) throw new Error(`${command} exited with ${code}: ${stderr.trim().slice(-500)}`);
    return stdout;
  }

  async stop(child: ChildProcess): Promise<void> {
    if (!this.running.has(child)) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    signalGroup(child, 'SIGTERM');
    signalGroup(child, 'SIGCONT'); // a paused group (see pause) acts on the SIGTERM only once continued
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(timer);
    signalGroup(child, 'SIGKILL'); // whatever the leader left behind in its group
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running].map((child) => this.stop(child)));
  }

  /** Pauses (SIGSTOP) or continues (SIGCONT) a process group the bench started. */
  pause(pid: number, paused: boolean): void {
    const child = [...this.running].find((running) => running.pid === pid);
    if (child) signalGroup(child, paused ? 'SIGSTOP' : 'SIGCONT');
  }

  /** For process exit, where nothing can be awaited. */
  killAllNow(): void {
    for (const child of this.running) signalGroup(child, 'SIGKILL');
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

/** Resolves with a child's first IPC message; rejects when it exits first or takes too long. */
export function firstMessage<T>(child: ChildProcess, what: string, timeoutMs = 30_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms`)), timeoutMs);
    child.once('message', (message) => {
      clearTimeout(timer);
      resolve(message as T);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${what} exited (${code}) before it was ready`));
    });
  });
}

/**
 * Stops every child on Ctrl-C, SIGTERM and any exit, so a run leaves no process behind;
 * `cleanUp` then removes what the run wrote.
 */
export function stopChildrenOnExit(children: Children, cleanUp: () => void): void {
  process.once('exit', () => children.killAllNow());
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\nbench: ${signal}, stopping every process it started\n`);
      void children
        .stopAll()
        .then(cleanUp)
        .finally(() => process.exit(130));
    });
  }
}
