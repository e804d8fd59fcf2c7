import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { closedPort } from './closed-port.ts';

// A throwaway PostgreSQL cluster of the test's own, for faults that stop the database under a
// running node: the shared server (5432) is never touched. Every command runs asynchronously,
// so the runtime under test (same process) keeps serving while the cluster starts and stops.
// The Playwright specs use it too (`@headwater/runtime/test-support/private-postgres`), so it
// imports nothing of vitest's nor of the harness.

const run = promisify(execFile);

/** How the test stops the server: 'fast' (clients told, like a restart) or 'immediate' (like a crash). */
export type StopMode = 'fast' | 'immediate';

export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:<port>/postgres: trust auth, a superuser. */
  readonly url: string;
  /** Whether the server was last started (true) or stopped (false) by this handle. */
  readonly running: boolean;
  stop(mode: StopMode): Promise<void>;
  start(): Promise<void>;
  /** Stops the server if it runs and removes its folder. */
  destroy(): Promise<void>;
}

const NOT_FOUND =
  'PostgreSQL server binaries (initdb, pg_ctl) were not found via `pg_config --bindir` nor in /usr/lib/postgresql/*/bin: ' +
  'the database-outage test needs them (install them with `apt-get install -y postgresql`, as e2e/bin/ensure-postgres.sh does)';

/** The folder holding initdb and pg_ctl: pg_config's answer, else Debian's newest versioned folder. */
async function serverBinaries(): Promise<string> {
  const candidates: string[] = [];
  try {
    candidates.push((await run('pg_config', ['--bindir'])).stdout.trim());
  } catch {
    // pg_config is in libpq-dev or postgresql-common; Debian's folder is looked at next.
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((version) => join(debian, version, 'bin')));
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new Error(NOT_FOUND);
  return found;
}

/** Runs a server binary as the `postgres` OS user when this process is root (initdb refuses root). */
async function asOwner(root: boolean, binary: string, args: string[]): Promise<void> {
  try {
    await (root ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args));
  } catch (error) {
    const { stderr, message } = error as { stderr?: string; message: string };
    throw new Error(`${binary} ${args.join(' ')} failed: ${stderr?.trim() || message}`);
  }
}

/** Owner ids of the `postgres` OS user, which runs the cluster when the tests run as root. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error('running as root, the private PostgreSQL needs the `postgres` OS user to own it (initdb refuses root); none exists');
  }
}

export interface PrivatePostgresOptions {
  /** The loopback port to serve on; a free one when not given. */
  port?: number;
}

/** initdb into a fresh temp folder and start the server on a loopback port, its socket in that folder. */
export async function startPrivatePostgres(options: PrivatePostgresOptions = {}): Promise<PrivatePostgres> {
  const bin = await serverBinaries();
  const root = process.getuid?.() === 0;
  const dir = mkdtempSync(join(tmpdir(), 'headwater-private-pg-'));
  const data = join(dir, 'data');
  if (root) {
    const { uid, gid } = await postgresUser();
    await chown(dir, uid, gid);
  }
  const port = options.port ?? (await closedPort());
  const pgCtl = join(bin, 'pg_ctl');
  // fsync off: a throwaway cluster need not survive the machine, only the server's own stops.
  const serverOptions = `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off`;
  let running = false;
  const start = async () => {
    await asOwner(root, pgCtl, ['-D', data, '-l', join(dir, 'server.log'), '-o', serverOptions, '-w', 'start']);
    running = true;
  };
  const stop = async (mode: StopMode) => {
    await asOwner(root, pgCtl, ['-D', data, '-m', mode, '-w', 'stop']);
    running = false;
  };
  try {
    await asOwner(root, join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    get running() {
      return running;
    },
    stop,
    start,
    async destroy() {
      if (running) await stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
