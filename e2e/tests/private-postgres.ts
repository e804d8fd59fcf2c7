import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// A throwaway PostgreSQL cluster of the spec's own, to stop under a running node: the shared
// server is never touched. Debian's server binaries (e2e/bin/ensure-postgres.sh installs them);
// as root, the cluster is run by the `postgres` OS user (initdb refuses root).

const run = promisify(execFile);

export interface PrivatePostgres {
  readonly url: string;
  /** 'fast' tells clients and stops, as a restart would. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server if it runs and removes its folder. */
  destroy(): Promise<void>;
}

function serverBinaries(): string {
  const debian = '/usr/lib/postgresql';
  const versions = existsSync(debian) ? readdirSync(debian).sort((a, b) => Number(b) - Number(a)) : [];
  const found = versions.map((version) => join(debian, version, 'bin')).find((dir) => existsSync(join(dir, 'pg_ctl')));
  if (!found) throw new Error(`no PostgreSQL server binaries under ${debian}: install them with \`apt-get install -y postgresql\``);
  return found;
}

export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = serverBinaries();
  const root = process.getuid?.() === 0;
  const asOwner = (binary: string, args: string[]) =>
    root ? run('runuser', ['-u', 'postgres', '--', binary, ...args]) : run(binary, args);
  const dir = mkdtempSync(join(tmpdir(), 'headwater-e2e-pg-'));
  if (root) {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    await chown(dir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  const data = join(dir, 'data');
  const pgCtl = join(bin, 'pg_ctl');
  let running = false;
  const start = async () => {
    await asOwner(pgCtl, [
      '-D',
      data,
      '-l',
      join(dir, 'server.log'),
      '-o',
      `-h 127.0.0.1 -p ${port} -k ${dir} -c fsync=off`,
      '-w',
      'start',
    ]);
    running = true;
  };
  const stop = async (mode = 'fast') => {
    await asOwner(pgCtl, ['-D', data, '-m', mode, '-w', 'stop']);
    running = false;
  };
  try {
    await asOwner(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    stop: () => stop(),
    start,
    async destroy() {
      if (running) await stop('immediate');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
