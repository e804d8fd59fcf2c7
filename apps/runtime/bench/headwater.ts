import type { ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Children } from './children.ts';
import { environmentWithoutRuntimeSettings } from './env.ts';
import type { BackendGroups } from './proxies.ts';
import { httpStatus } from './wait.ts';
import type { Options } from './options.ts';

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
export const PROBED_UPSTREAM = 'probed';

export interface Headwater {
  readonly port: number;
  readonly adminPort: number;
  readonly process: ChildProcess;
  /** The admin port's Prometheus text, or undefined when it cannot be read. */
  metrics(): Promise<string | undefined>;
  /** Calls an admin tRPC mutation and returns its result (throws with the server's message). */
  mutate(procedure: string, input: unknown): Promise<unknown>;
}

function configYaml(groups: BackendGroups): string {
  const targets = (ports: readonly number[]) => ports.map((port) => `      - { host: 127.0.0.1, port: ${port} }`).join('\n');
  return `# Written by pnpm bench: every setting at its default except slow start (off, so the
# first seconds after a start are not a ramp).
upstreams:
  - name: bench
    slowStartMs: 0
    targets:
${targets(groups.bench)}
  - name: stream
    slowStartMs: 0
    targets:
${targets(groups.stream)}
`;
}

/**
 * Starts the production build (`node --enable-source-maps apps/runtime/dist/main.js`, as
 * docs/deployment.md runs it) on the proxy's core, on SQLite in the run's folder, with any free
 * ports, and waits for /readyz. Its log goes to headwater.log in the run's folder, where the
 * bench also reads which ports it took.
 */
export async function startHeadwater(
  children: Children,
  root: string,
  dir: string,
  groups: BackendGroups,
  { accessLog, nodeFlags }: Pick<Options, 'accessLog' | 'nodeFlags'>,
): Promise<Headwater> {
  const home = join(dir, 'headwater');
  mkdirSync(home, { recursive: true });
  writeFileSync(join(home, 'bench.yaml'), configYaml(groups));
  const logFile = join(home, 'headwater.log');
  const env = {
    ...environmentWithoutRuntimeSettings(),
    DATABASE_URL: `file:${join(home, 'headwater.db')}`,
    HEADWATER_DATA_DIR: home,
    HEADWATER_DATA_PORT: '0',
    HEADWATER_ADMIN_PORT: '0',
    HEADWATER_BIND: '127.0.0.1',
    HEADWATER_ADMIN_TOKEN: ADMIN_TOKEN,
    HEADWATER_CONFIG: join(home, 'bench.yaml'),
    HEADWATER_NODE_ID: 'bench',
    HEADWATER_ACCESS_LOG: accessLog ? 'on' : 'off',
    HEADWATER_SHUTDOWN_DELAY_MS: '0',
    HEADWATER_SHUTDOWN_GRACE_MS: '1000',
  };
  const main = join(root, 'apps/runtime/dist/main.js');
  const process = children.start(globalThis.process.execPath, ['--enable-source-maps', ...nodeFlags, main], {
    core: 'proxy',
    output: openSync(logFile, 'w'),
    env,
  });
  const { dataPort, adminPort } = await listeningPorts(process, logFile);
  await waitReady(adminPort, process, logFile);
  return { port: dataPort, adminPort, process, metrics: () => scrape(adminPort), mutate: (name, input) => mutate(adminPort, name, input) };
}

async function listeningPorts(process: ChildProcess, logFile: string): Promise<{ dataPort: number; adminPort: number }> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && process.exitCode === null) {
    const line = readFileSync(logFile, 'utf8')
      .split('\n')
      .find((text) => text.includes('"runtime listening"'));
    if (line) return JSON.parse(line) as { dataPort: number; adminPort: number };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Headwater did not start; its log (${logFile}) ends:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
}

async function waitReady(adminPort: number, process: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && process.exitCode === null) {
    if ((await httpStatus(adminPort, '/readyz').catch(() => 0)) === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`Headwater did not become ready; its log (${logFile}) ends:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
}

async function scrape(adminPort: number): Promise<string | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${adminPort}/metrics`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}

async function mutate(adminPort: number, procedure: string, input: unknown): Promise<unknown> {
  const response = await fetch(`http://127.0.0.1:${adminPort}/trpc/${procedure}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  const answer = (await response.json()) as { result?: { data?: unknown }; error?: { message?: string } };
  if (!response.ok) throw new Error(`${procedure}: ${response.status} ${answer.error?.message ?? ''}`);
  return answer.result?.data;
}

/** The upstream of the probing scenario: one target per port, each actively checked every second. */
export function probedUpstream(ports: readonly number[]) {
  return {
    name: PROBED_UPSTREAM,
    slowStartMs: 0,
    healthChecks: { active: { type: 'http', path: '/health', healthy: { intervalMs: 1_000 }, unhealthy: { intervalMs: 1_000 } } },
    targets: ports.map((port) => ({ host: '127.0.0.1', port })),
  };
}
