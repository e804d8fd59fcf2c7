import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { nodeCommand, runtimeMain } from '@headwater/runtime/test-support/node-command';
import { e2eEnv } from './env.ts';
import { type SpecProcess, startProcess, waitUntilServing } from './processes.ts';
import { stack } from './stack.ts';

// Runtime nodes and consoles a spec starts itself: the compiled runtime (apps/runtime/dist/main.js,
// as `pnpm run start:runtime` runs it; `pnpm run build` builds it) and the built console
// (`next start`), each a process of its own with the stack's admin token.

const root = resolve(import.meta.dirname, '..', '..');
const nextBin = join(root, 'apps/console/node_modules/next/dist/bin/next');

export interface RuntimeNode {
  readonly id: string;
  readonly adminUrl: string;
  readonly dataUrl: string;
  readonly process: SpecProcess;
}

export interface RuntimeNodeSettings {
  id: string;
  data: number;
  admin: number;
  databaseUrl: string;
  /** A folder of the spec's; the node's data folder is made in it, named after the node. */
  dataDir: string;
}

/** Starts a node and resolves once its /readyz answers 200 (a node that never does is stopped). */
export async function startRuntimeNode(settings: RuntimeNodeSettings): Promise<RuntimeNode> {
  if (!existsSync(runtimeMain)) throw new Error(`${runtimeMain} is missing: run \`pnpm run build\` first`);
  const adminUrl = `http://127.0.0.1:${settings.admin}`;
  const command = nodeCommand({
    id: settings.id,
    dataPort: settings.data,
    adminPort: settings.admin,
    databaseUrl: settings.databaseUrl,
    dataDir: join(settings.dataDir, settings.id),
    adminToken: stack.token,
    secretKey: 'e2e-runtime-secret-key-0123456789abcdef',
    env: { HEADWATER_ADVERTISED_ADMIN_URL: adminUrl, HEADWATER_SHUTDOWN_DELAY_MS: '0' },
  });
  const server = startProcess(`runtime-${settings.id}`, command);
  await waitUntilServing(server, `${adminUrl}/readyz`).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return { id: settings.id, adminUrl, dataUrl: `http://127.0.0.1:${settings.data}`, process: server };
}

/** Starts the built console on `port`, talking to the runtime at `adminUrl`; resolves once /login answers. */
export async function startConsoleServer(port: number, adminUrl: string): Promise<{ url: string; process: SpecProcess }> {
  const server = startProcess(`console-${port}`, {
    command: process.execPath,
    argv: [nextBin, 'start', '-p', String(port)],
    cwd: join(root, 'apps/console'),
    env: { HEADWATER_ADMIN_URL: adminUrl, NEXT_TELEMETRY_DISABLED: '1', PATH: e2eEnv.path, HOME: e2eEnv.home },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntilServing(server, `${url}/login`).catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  return { url, process: server };
}
