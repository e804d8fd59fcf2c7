import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../harness.ts';
import type { RuntimeNode } from './node-process.ts';

// HAProxy (Debian's package) running the repository's own apps/runtime/deploy/haproxy.cfg,
// pointed at test nodes through the environment variables that file reads. A second config
// file adds only an admin socket, so the test can ask which servers HAProxy sees up.

const recipe = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy/haproxy.cfg');

/** Debian's haproxy binary; the test driver (e2e/bin/ensure-system-packages.sh) installs the package when missing. */
function haproxyBinary(): string {
  const found = ['/usr/sbin/haproxy', '/usr/bin/haproxy', '/usr/local/sbin/haproxy'].find((candidate) => existsSync(candidate));
  if (!found) throw new Error('haproxy is not installed: `apt-get install haproxy` (pnpm test installs it when missing)');
  return found;
}

export type ServerStatus = 'UP' | 'DOWN' | string;

export interface Haproxy {
  readonly url: string;
  /** Each server's status as HAProxy sees it (`UP`, `DOWN`, `UP 1/2` while rising ...). */
  statuses(): Promise<Record<string, ServerStatus>>;
  /** Each server's current sessions (`scur`): the requests HAProxy has in flight at it right now. */
  currentSessions(): Promise<Record<string, number>>;
  /**
   * Each server's response errors so far (`eresp`, which includes `srv_abrt`): requests HAProxy
   * had sent to it that it never answered, or whose answer it broke off.
   */
  responseErrors(): Promise<Record<string, number>>;
  /** Waits until HAProxy has the server up (or down), as its health checks decided. */
  waitForStatus(server: string, status: 'UP' | 'DOWN', timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

async function ask(socketPath: string, command: string): Promise<string> {
  const socket = connect(socketPath);
  let answer = '';
  socket.on('data', (chunk: Buffer) => {
    answer += chunk.toString('utf8');
  });
  socket.end(`${command}\n`);
  await once(socket, 'close');
  return answer;
}

/** Starts HAProxy in front of `nodes` (server names a, b, c in order) on `port`. */
export async function startHaproxy(nodes: readonly RuntimeNode[], port: number, checkMs: number): Promise<Haproxy> {
  const dir = mkdtempSync(path.join(tmpdir(), 'headwater-haproxy-'));
  const socketPath = path.join(dir, 'admin.sock');
  const extra = path.join(dir, 'admin.cfg');
  writeFileSync(extra, `global\n  stats socket ${socketPath} mode 600 level admin\n`);
  const names = ['A', 'B', 'C'];
  const env: Record<string, string> = { HEADWATER_LB_BIND: `127.0.0.1:${port}`, HEADWATER_LB_CHECK_MS: String(checkMs) };
  nodes.forEach((node, index) => {
    env[`HEADWATER_NODE_${names[index]}`] = `127.0.0.1:${node.settings.dataPort}`;
    env[`HEADWATER_NODE_${names[index]}_ADMIN_PORT`] = String(node.settings.adminPort);
  });
  let log = '';
  const child: ChildProcess = spawn(haproxyBinary(), ['-db', '-f', recipe, '-f', extra], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    log += chunk.toString('utf8');
  });
  child.once('error', (error) => {
    log += `\n${String(error)}`;
  });

  // `show stat` CSV, its first line naming the columns: "# pxname,svname,qcur,...".
  const serverField = async <T>(name: string, read: (text: string) => T) => {
    const [header = '', ...lines] = (await ask(socketPath, 'show stat')).split('\n');
    const column = header.replace(/^# /, '').split(',').indexOf(name);
    if (column < 0) throw new Error(`HAProxy's show stat has no column ${name}`);
    const result: Record<string, T> = {};
    for (const line of lines) {
      const fields = line.split(',');
      if (fields[0] === 'headwater_nodes' && fields[1] !== 'BACKEND') result[fields[1]!] = read(fields[column]!);
    }
    return result;
  };
  const statuses = () => serverField<ServerStatus>('status', (text) => text);
  const seen = async (server: string) => (await statuses().catch((): Record<string, ServerStatus> => ({})))[server];
  const waitForStatus = async (server: string, status: 'UP' | 'DOWN', timeoutMs = 15_000): Promise<void> => {
    await waitFor(`HAProxy to see server ${server} ${status}`, async () => (await seen(server)) === status, timeoutMs).catch(
      (error: unknown) => {
        throw new Error(`${String(error)}\n--- haproxy ---\n${log}`);
      },
    );
  };
  for (const server of ['a', 'b', 'c'].slice(0, nodes.length)) await waitForStatus(server, 'UP');
  return {
    url: `http://127.0.0.1:${port}`,
    statuses,
    currentSessions: () => serverField('scur', Number),
    responseErrors: () => serverField('eresp', Number),
    waitForStatus,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
