// Forwarding benchmark: the same load, in one run, straight at the backend, through
// Headwater, and through nginx and HAProxy as reference proxies. Reports throughput and
// latency and the ratios between them. Loopback only.
//
//   pnpm --filter @headwater/runtime bench:forwarding [-- --seconds 10 --connections 50]
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { inheritedEnv } from './env.ts';
import { startHaproxy, startNginx } from './proxies.ts';

const { values } = parseArgs({
  allowPositionals: true,
  options: { seconds: { type: 'string', default: '8' }, connections: { type: 'string', default: '50' } },
});
const seconds = Number(values.seconds);
const connections = Number(values.connections);
const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'headwater-bench-'));
const ports = { backend: 19_101, data: 19_080, admin: 19_081, nginx: 19_082, haproxy: 19_083 };
const children: ChildProcess[] = [];

async function waitForPort(port: number, path = '/') {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      await fetch(`http://127.0.0.1:${port}${path}`, { headers: { host: 'bench' } });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`nothing answered on port ${port}`);
}

interface Result {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

async function load(name: string, port: number): Promise<Result> {
  const options = {
    url: `http://127.0.0.1:${port}/v1/chat/completions`,
    method: 'POST' as const,
    headers: { host: 'bench', 'content-type': 'application/json' },
    body: '{"model":"bench","messages":[{"role":"user","content":"hi"}]}',
    connections,
  };
  await autocannon({ ...options, duration: 1 }); // warm-up: connections, JIT
  const run = await autocannon({ ...options, duration: seconds });
  return {
    name,
    rps: run.requests.average,
    p50: run.latency.p50,
    p99: run.latency.p99,
    errors: run.errors + run.timeouts,
    non2xx: run.non2xx,
  };
}

try {
  const backend = fork(join(here, 'backend.mjs'), [String(ports.backend)], { stdio: 'ignore' });
  children.push(backend);
  await new Promise((r) => backend.once('message', r));

  writeFileSync(
    join(dir, 'bench.yaml'),
    `upstreams:\n  - name: bench\n    slowStartMs: 0\n    targets:\n      - { host: 127.0.0.1, port: ${ports.backend} }\n`,
  );
  const runtime = spawn(join(root, 'node_modules/.bin/tsx'), [join(root, 'apps/runtime/src/main.ts')], {
    env: {
      ...inheritedEnv(),
      DATABASE_URL: `file:${join(dir, 'bench.db')}`,
      HEADWATER_DATA_DIR: dir,
      HEADWATER_DATA_PORT: String(ports.data),
      HEADWATER_ADMIN_PORT: String(ports.admin),
      HEADWATER_BIND: '127.0.0.1',
      HEADWATER_ADMIN_TOKEN: 'bench-admin-token-0123456789',
      HEADWATER_CONFIG: join(dir, 'bench.yaml'),
      HEADWATER_ACCESS_LOG: 'off',
      HEADWATER_SHUTDOWN_DELAY_MS: '0',
    },
    stdio: 'ignore',
  });
  children.push(runtime);
  await waitForPort(ports.admin, '/readyz');

  const references = [startNginx(dir, ports.nginx, ports.backend), startHaproxy(dir, ports.haproxy, ports.backend)];
  const skipped = references.filter((ref): ref is string => typeof ref === 'string');
  const running = references.filter((ref) => typeof ref !== 'string');
  for (const ref of running) children.push(ref.process);
  for (const ref of running) await waitForPort(ref.port);

  const results: Result[] = [await load('direct to backend', ports.backend), await load('Headwater', ports.data)];
  for (const ref of running) results.push(await load(ref.name, ref.port));

  const direct = results[0]!;
  const headwater = results[1]!;
  console.log(`\nForwarding benchmark: ${connections} connections, ${seconds} s per run, POST chat completion (~300 B JSON), loopback`);
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load generator, backend and proxy share these cores.\n`,
  );
  console.log('| path | req/s | p50 ms | p99 ms | errors | non-2xx | req/s vs direct | Headwater req/s vs this |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(
      `| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${(r.rps / direct.rps).toFixed(2)} | ${(headwater.rps / r.rps).toFixed(2)} |`,
    );
  }
  for (const reason of skipped) console.log(`\n(skipped: ${reason})`);
} finally {
  for (const child of children) child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
}
