// `pnpm start`: the demo backends, the runtime (SQLite default, demo upstream from
// demo.yaml) and the console, with one Ctrl-C stopping everything. The third backend fails
// for the first 20 s of every minute, so the grid and the event log show health changing.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type DemoEnv, readDemoEnv } from './env.ts';
import { failOnSchedule } from './failing-schedule.ts';
import { startFakeBackend } from './fake-ai-backend.ts';

let env: DemoEnv;
try {
  env = readDemoEnv();
} catch (error) {
  // The message names each bad variable.
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { HEADWATER_DATA_PORT: dataPort, HEADWATER_ADMIN_PORT: adminPort, PORT: consolePort } = env;
const dataDir = env.HEADWATER_DATA_DIR ?? join(root, 'data');

// Rate limits as the real services report them (OpenAI's headers on demo-a, Anthropic's on
// demo-b): a loop of requests drains them, and the grid shows "quota 7 % · resets in 12 s".
const backends = await Promise.all([
  startFakeBackend({ name: 'demo-a', port: 9101, chunkDelayMs: 50, rateLimit: { style: 'openai', requests: 600, tokens: 40_000 } }),
  startFakeBackend({ name: 'demo-b', port: 9102, chunkDelayMs: 50, rateLimit: { style: 'anthropic', requests: 300 } }),
  startFakeBackend({ name: 'demo-c', port: 9103, chunkDelayMs: 50 }),
]);
const flaky = backends[2]!;
const FAILING = { periodMs: 60_000, failingMs: 20_000 };
const stopFailing = failOnSchedule(flaky, FAILING);

const children: ChildProcess[] = [];
const run = (name: string, command: string, args: string[], cwd: string, own: NodeJS.ProcessEnv) => {
  const child = spawn(command, args, { cwd, env: { ...env.inherited, ...own }, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      console.error(`${name} exited (${signal ?? code}); stopping the demo`);
      void stop(1);
    }
  });
  children.push(child);
};

// The compiled runtime, as `pnpm run start:runtime` runs it (`pnpm start` built it first).
run('runtime', process.execPath, ['--enable-source-maps', join(root, 'apps/runtime/dist/main.js')], root, {
  HEADWATER_CONFIG: env.HEADWATER_CONFIG ?? join(root, 'apps/runtime/demo/demo.yaml'),
  HEADWATER_DATA_DIR: dataDir,
  HEADWATER_SHUTDOWN_DELAY_MS: String(env.HEADWATER_SHUTDOWN_DELAY_MS),
});
run('console', join(root, 'apps/console/node_modules/.bin/next'), ['start', '-p', String(consolePort)], join(root, 'apps/console'), {
  HEADWATER_ADMIN_URL: `http://127.0.0.1:${adminPort}`,
  NEXT_TELEMETRY_DISABLED: '1',
});

async function waitFor(url: string, what: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${what} did not come up at ${url}`);
}

let stopping = false;
async function stop(code: number): Promise<never> {
  stopping = true;
  stopFailing();
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(backends.map((backend) => backend.close()));
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

await waitFor(`http://127.0.0.1:${adminPort}/readyz`, 'the runtime');
await waitFor(`http://127.0.0.1:${consolePort}/login`, 'the console');
const token = env.HEADWATER_ADMIN_TOKEN ?? readFileSync(join(dataDir, 'admin-token'), 'utf8').trim();
console.log(`
Headwater is running.
  Console:     http://localhost:${consolePort}/login#token=${token}
  Data plane:  curl -H 'Host: demo' localhost:${dataPort}/v1/chat/completions -d '{"model":"fake"}'
  Admin API:   http://localhost:${adminPort}/trpc (Authorization: Bearer <token in ${join(dataDir, 'admin-token')}>)
  Watch:       ${flaky.name} (127.0.0.1:${flaky.port}) answers 503 for the first ${FAILING.failingMs / 1000} s of every minute:
               on the grid and in the event log it turns Unhealthy, comes back in slow start, then Healthy.
Press Ctrl-C to stop.
`);
