// Fleet grid benchmark: 10 runtime nodes (compiled, one process each) on one PostgreSQL
// database, 200 targets (4 upstreams × 50) with traffic on every node, and node-00 watched.
// Reports what one peer poll costs (bytes, time), what building a FleetGrid costs, its JSON
// size, and the CPU the fan-out costs the watched node and each peer. Loopback only.
//
//   pnpm --filter @headwater/runtime bench:fleet-grid [-- --nodes 10 --targets 200 --postgres postgresql://…]
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createTRPCClient, httpLink } from '@trpc/client';
import pg from 'pg';
import { request } from 'undici';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { fleetGridSchema } from '../src/admin/outputs/fleet-grid.ts';
import type { AppRouter } from '../src/admin/router.ts';
import { buildFleetGrid, type PeerGridState, peerGridState } from '../src/fleet/fleet-grid.ts';
import { PeerClient } from '../src/fleet/peer-client.ts';
import { BENCH_TOKEN, type BenchNode, buildRuntime, cpuSeconds, startBenchNode, waitReady } from './fleet-nodes.ts';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'), // pnpm passes the separator on
  options: {
    nodes: { type: 'string', default: '10' },
    targets: { type: 'string', default: '200' },
    postgres: { type: 'string', default: 'postgresql://postgres@127.0.0.1:5432/postgres' },
    seconds: { type: 'string', default: '10' },
  },
});
const nodeCount = Number(values.nodes);
const targetCount = Number(values.targets);
const seconds = Number(values.seconds);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const UPSTREAMS = 4;
const database = `headwater_bench_fleet_${randomBytes(4).toString('hex')}`;
const databaseUrl = Object.assign(new URL(values.postgres), { pathname: `/${database}` }).toString();

const sql = async (text: string) => {
  const client = new pg.Client({ connectionString: values.postgres });
  await client.connect();
  await client.query(text).finally(() => client.end());
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))]!;
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
const clientOf = (node: BenchNode) =>
  createTRPCClient<AppRouter>({ links: [httpLink({ url: `${node.adminUrl}/trpc`, headers: { authorization: `Bearer ${BENCH_TOKEN}` } })] });

/** One admin GET: its body's bytes and the milliseconds to the last byte. */
async function timedGet(node: BenchNode, procedure: string): Promise<{ bytes: number; ms: number; body: string }> {
  const started = performance.now();
  const response = await request(`${node.adminUrl}/trpc/${procedure}`, { headers: { authorization: `Bearer ${BENCH_TOKEN}` } });
  const body = await response.body.text();
  if (response.statusCode !== 200) throw new Error(`${procedure} on ${node.id}: ${response.statusCode} ${body.slice(0, 200)}`);
  return { bytes: Buffer.byteLength(body), ms: performance.now() - started, body };
}

/** `targetCount` targets over UPSTREAMS upstreams, through node-00, on 50 backends; then traffic through every node. */
async function configure(nodes: BenchNode[], backends: FakeBackend[]): Promise<void> {
  const perUpstream = targetCount / UPSTREAMS;
  for (let u = 0; u < UPSTREAMS; u++) {
    const targets = Array.from({ length: perUpstream }, (_, i) => ({
      host: `127.0.0.${1 + Math.floor(i / backends.length)}`,
      port: backends[i % backends.length]!.port,
    }));
    await clientOf(nodes[0]!).upstreams.create.mutate({ name: `pool-${u}`, targets });
  }
  for (const node of nodes) {
    for (;;) {
      const grid = JSON.parse((await timedGet(node, 'states.get')).body).result.data as { upstreams: Array<{ targets: unknown[] }> };
      if (grid.upstreams.reduce((sum, upstream) => sum + upstream.targets.length, 0) === targetCount) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  await Promise.all(
    nodes.map(async (node) => {
      for (let i = 0; i < targetCount * 2; i++) {
        const response = await request(`${node.dataUrl}/v1/chat/completions`, {
          method: 'POST',
          headers: { host: `pool-${i % UPSTREAMS}`, 'content-type': 'application/json' },
          body: '{"model":"bench"}',
        });
        await response.body.text();
      }
    }),
  );
}

/** Building the grid in this process from every node's real grid: build, schema check, JSON. */
async function inProcess(nodes: BenchNode[]) {
  const grids = await Promise.all(nodes.map(async (node) => JSON.parse((await timedGet(node, 'states.get')).body).result.data));
  const list = (await clientOf(nodes[0]!).nodes.list.query()).nodes;
  const peers = new Map<string, PeerGridState>(grids.slice(1).map((grid) => [grid.node, peerGridState(grid)]));
  const time = (runs: number, fn: () => unknown) =>
    median(
      Array.from({ length: runs }, () => {
        const started = performance.now();
        fn();
        return performance.now() - started;
      }),
    );
  const build = () => buildFleetGrid({ self: nodes[0]!.id, nodes: list, local: grids[0], peers, at: Date.now() });
  const grid = build();
  return {
    buildMs: time(50, build),
    parseMs: time(20, () => peerGridState(grids[1])),
    schemaMs: time(20, () => fleetGridSchema.parse(grid)),
    stringifyMs: time(20, () => JSON.stringify(grid)),
    jsonBytes: Buffer.byteLength(JSON.stringify(grid)),
  };
}

/** CPU each node used over `seconds` while `consoles` stream node-00's fleet grid (each on its own connection). */
async function cpuOver(nodes: BenchNode[], consoles: number) {
  const before = nodes.map((node) => cpuSeconds(node.process.pid!));
  const controller = new AbortController();
  const stream = { bytes: 0, grids: 0 };
  for (let i = 0; i < consoles; i++) {
    const response = await request(`${nodes[0]!.adminUrl}/trpc/states.watchFleet`, {
      headers: { authorization: `Bearer ${BENCH_TOKEN}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    void (async () => {
      for await (const chunk of response.body) {
        if (i > 0) continue;
        stream.bytes += chunk.length;
        stream.grids += (chunk.toString('utf8').match(/"upstreams":/g) ?? []).length;
      }
    })().catch(() => {});
  }
  await new Promise((r) => setTimeout(r, seconds * 1000));
  controller.abort();
  const used = nodes.map((node, i) => cpuSeconds(node.process.pid!) - before[i]!);
  return {
    watchedPct: (used[0]! / seconds) * 100,
    peerPct: (used.slice(1).reduce((a, b) => a + b, 0) / (nodes.length - 1) / seconds) * 100,
    stream,
  };
}

const nodes: BenchNode[] = [];
const backends: FakeBackend[] = [];
try {
  buildRuntime(root);
  await sql(`CREATE DATABASE "${database}"`);
  backends.push(...(await Promise.all(Array.from({ length: 50 }, (_, i) => startFakeBackend({ name: `b${i}` })))));
  const settings = (i: number) => ({ id: `node-${String(i).padStart(2, '0')}`, dataPort: 19_200 + i, adminPort: 19_300 + i, databaseUrl });
  nodes.push(startBenchNode(root, settings(0)));
  await waitReady(nodes[0]!); // migrates the fresh database
  for (let i = 1; i < nodeCount; i++) nodes.push(startBenchNode(root, settings(i)));
  await Promise.all(nodes.map((node) => waitReady(node)));
  await configure(nodes, backends);

  const peerPolls = [];
  for (let i = 0; i < 20; i++) peerPolls.push(await timedGet(nodes[1]!, 'states.get'));
  const rounds = [];
  for (let i = 0; i < 15; i++) {
    await new Promise((r) => setTimeout(r, 600)); // past the 500 ms reuse: every call runs a round
    rounds.push(await timedGet(nodes[0]!, 'states.fleet'));
  }
  const fanOut = [];
  const viaClient = [];
  const client = new PeerClient({ token: BENCH_TOKEN });
  for (let i = 0; i < 15; i++) {
    let started = performance.now();
    await Promise.all(nodes.slice(1).map((node) => timedGet(node, 'states.get')));
    fanOut.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 500));
    started = performance.now();
    await Promise.all(nodes.slice(1).map((node) => client.grid({ id: node.id, adminUrl: node.adminUrl })));
    viaClient.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 500));
  }
  await client.close();
  const local = await inProcess(nodes);
  const idle = await cpuOver(nodes, 0);
  const watched = await cpuOver(nodes, 1);
  const twice = await cpuOver(nodes, 2);

  console.log(
    `\nFleet grid: ${nodeCount} nodes × ${targetCount} targets (${UPSTREAMS} upstreams), every target with traffic on every node`,
  );
  console.log(
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; all ${nodeCount} nodes, PostgreSQL and this script share these cores.\n`,
  );
  console.log('| figure | value |\n| --- | ---: |');
  console.log(
    `| one peer poll (states.get), bytes | ${kb(median(peerPolls.map((p) => p.bytes)))} (${(median(peerPolls.map((p) => p.bytes)) / targetCount).toFixed(0)} B per target) |`,
  );
  console.log(
    `| one peer poll, ms to last byte (median / p95) | ${median(peerPolls.map((p) => p.ms)).toFixed(1)} / ${p95(peerPolls.map((p) => p.ms)).toFixed(1)} |`,
  );
  console.log(
    `| ${nodeCount - 1} peers' states.get at once, ms to the last answer (median / p95) | ${median(fanOut).toFixed(1)} / ${p95(fanOut).toFixed(1)} |`,
  );
  console.log(
    `| the same through PeerClient (answers read and checked), ms (median / p95) | ${median(viaClient).toFixed(1)} / ${p95(viaClient).toFixed(1)} |`,
  );
  console.log(
    `| states.fleet on the watched node: a full round, ms (median / p95) | ${median(rounds.map((r) => r.ms)).toFixed(1)} / ${p95(rounds.map((r) => r.ms)).toFixed(1)} |`,
  );
  console.log(`| FleetGrid JSON | ${kb(local.jsonBytes)} (${(local.jsonBytes / targetCount / nodeCount).toFixed(0)} B per cell) |`);
  console.log(`| build a FleetGrid from ${nodeCount} grids in memory, ms | ${local.buildMs.toFixed(2)} |`);
  console.log(`| index one peer grid by target id, ms | ${local.parseMs.toFixed(2)} |`);
  console.log(`| output schema check of one FleetGrid, ms | ${local.schemaMs.toFixed(2)} |`);
  console.log(`| JSON.stringify of one FleetGrid, ms | ${local.stringifyMs.toFixed(2)} |`);
  const pct = (figures: { watchedPct: number; peerPct: number }, key: 'watchedPct' | 'peerPct') => `${figures[key].toFixed(1)} %`;
  console.log(
    `| CPU of a core, watched node: idle → 1 console → 2 consoles | ${pct(idle, 'watchedPct')} → ${pct(watched, 'watchedPct')} → ${pct(twice, 'watchedPct')} |`,
  );
  console.log(
    `| CPU of a core, each peer (mean): idle → 1 console → 2 consoles | ${pct(idle, 'peerPct')} → ${pct(watched, 'peerPct')} → ${pct(twice, 'peerPct')} |`,
  );
  console.log(
    `| watchFleet stream to the console | ${watched.stream.grids} grids in ${seconds} s, ${kb(watched.stream.bytes / seconds)}/s |`,
  );
  console.log(
    `| fan-out traffic into the watched node | ${kb((median(peerPolls.map((p) => p.bytes)) * (nodeCount - 1) * 1000) / 500)}/s (${nodeCount - 1} peers × 2 polls/s) |`,
  );
} finally {
  for (const node of nodes) node.process.kill('SIGTERM');
  await Promise.all(nodes.map((node) => (node.process.exitCode === null ? new Promise((r) => node.process.once('exit', r)) : undefined)));
  await Promise.all(backends.map((backend) => backend.close()));
  await sql(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => {});
}
