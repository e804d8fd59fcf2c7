import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTRPCClient, httpLink, TRPCClientError } from '@trpc/client';
import { openDatabase } from '@headwater/prisma';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { request } from 'undici';
import type { AppRouter } from '../src/admin/router.ts';
import { startRuntime, type Runtime } from '../src/app.ts';
import { configVariables, readEnv } from '../src/env.ts';
import { SecretBox } from '../src/config/secret-box.ts';
import type { Logger } from '../src/lib/logger.ts';
// closedPort has a file of its own so that support files the Playwright specs import need not load this one.
export { closedPort } from './support/closed-port.ts';

export const TEST_TOKEN = 'test-admin-token-0123456789abcdef';
export const TEST_SECRET_KEY = 'test-secret-key-0123456789abcdef-0123456789';
/** The box the test runtimes seal secrets with, for tests that open the database themselves. */
export const testSecrets = new SecretBox(TEST_SECRET_KEY);

export interface TestRuntime {
  runtime: Runtime;
  databaseUrl: string;
  dataUrl: string;
  adminUrl: string;
  client: ReturnType<typeof createTRPCClient<AppRouter>>;
  logs: Array<{ level: string; msg: string; fields?: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/** A real runtime on free loopback ports, on its own fresh SQLite file unless a URL is given. */
export async function startTestRuntime(options: { databaseUrl?: string; env?: Record<string, string> } = {}): Promise<TestRuntime> {
  const dir = mkdtempSync(join(tmpdir(), 'headwater-test-'));
  const databaseUrl = options.databaseUrl ?? `file:${join(dir, 'headwater.db')}`;
  const env = readEnv({
    DATABASE_URL: databaseUrl,
    HEADWATER_DATA_PORT: '0',
    HEADWATER_ADMIN_PORT: '0',
    HEADWATER_BIND: '127.0.0.1',
    HEADWATER_ADMIN_TOKEN: TEST_TOKEN,
    HEADWATER_SECRET_KEY: TEST_SECRET_KEY,
    HEADWATER_DATA_DIR: dir,
    HEADWATER_NODE_ID: 'test-node',
    HEADWATER_SHUTDOWN_DELAY_MS: '0',
    HEADWATER_SHUTDOWN_GRACE_MS: '2000',
    HEADWATER_ACCESS_LOG: 'off',
    ...options.env,
  });
  const logs: TestRuntime['logs'] = [];
  const logger: Logger = {
    info: (msg, fields) => logs.push({ level: 'info', msg, fields }),
    warn: (msg, fields) => logs.push({ level: 'warn', msg, fields }),
    error: (msg, fields) => logs.push({ level: 'error', msg, fields }),
  };
  const runtime = await startRuntime(env, logger, { variables: { ...configVariables(), ...options.env } });
  const adminUrl = `http://127.0.0.1:${runtime.adminPort}`;
  return {
    runtime,
    databaseUrl,
    dataUrl: `http://127.0.0.1:${runtime.dataPort}`,
    adminUrl,
    logs,
    client: createTRPCClient<AppRouter>({
      links: [httpLink({ url: `${adminUrl}/trpc`, headers: { authorization: `Bearer ${TEST_TOKEN}` } })],
    }),
    async stop() {
      await runtime.shutdown();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sends `count` requests to an upstream by Host header and counts which backend answered. */
export async function spread(dataUrl: string, upstream: string, count: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (let index = 0; index < count; index++) {
    const response = await request(`${dataUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { host: upstream, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'fake' }),
    });
    const body = await response.body.text();
    if (response.statusCode !== 200) throw new Error(`request ${index} got ${response.statusCode}: ${body}`);
    const backend = String(response.headers['x-backend'] ?? 'none');
    counts[backend] = (counts[backend] ?? 0) + 1;
  }
  return counts;
}

/**
 * Waits until `check` returns a value (not undefined/false), polling every 20 ms, failing
 * after `timeoutMs`. For conditions that have no event to await from outside the process.
 */
export async function waitFor<T>(
  what: string,
  check: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The event log as stored (newest last), read from the runtime's own database. */
export async function storedEvents(databaseUrl: string, upstream: string) {
  const db = await openDatabase(databaseUrl);
  try {
    return await db.event.findMany({ where: { upstream }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
  } finally {
    await db.$disconnect();
  }
}

/** One request through the data plane with a Host header; the body read as text. */
export async function call(dataUrl: string, upstream: string, options: { path?: string; body?: unknown } = {}) {
  const response = await request(`${dataUrl}${options.path ?? '/v1/chat/completions'}`, {
    method: 'POST',
    headers: { host: upstream, 'content-type': 'application/json' },
    body: JSON.stringify(options.body ?? { model: 'fake' }),
  });
  return { status: response.statusCode, headers: response.headers, text: await response.body.text() };
}

/** The live grid cell of the target at `port` in `upstream`, as this runtime sees it now. */
export async function gridCell(hw: TestRuntime, upstream: string, port: number) {
  return (await hw.client.states.get.query()).upstreams.find((u) => u.name === upstream)?.targets.find((t) => t.port === port);
}

/** A test runtime and fake AI backends with these names, started together. */
export async function startWithBackends(...names: string[]): Promise<[TestRuntime, ...FakeBackend[]]> {
  const [hw, ...backends] = await Promise.all([startTestRuntime(), ...names.map((name) => startFakeBackend({ name }))]);
  return [hw as TestRuntime, ...(backends as FakeBackend[])];
}

export async function stopAll(hw: TestRuntime, ...backends: FakeBackend[]): Promise<void> {
  await Promise.all([hw.stop(), ...backends.map((backend) => backend.close())]);
}

/** Between tests: the backends answer normally again and no upstream is left. */
export async function resetGateway(hw: TestRuntime, ...backends: FakeBackend[]): Promise<void> {
  for (const backend of backends) backend.setMode({ kind: 'ok' });
  for (const upstream of await hw.client.upstreams.list.query()) await hw.client.upstreams.delete.mutate({ name: upstream.name });
}

/** The tRPC error an admin call was refused with (fails the test if the call succeeded or failed otherwise). */
export async function rejection(promise: Promise<unknown>): Promise<TRPCClientError<AppRouter>> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) return error as TRPCClientError<AppRouter>;
    throw error;
  }
  throw new Error('expected the call to be rejected');
}
