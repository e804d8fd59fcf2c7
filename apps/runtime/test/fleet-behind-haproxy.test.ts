import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBackend, startFakeBackend } from '../demo/fake-ai-backend.ts';
import { closedPort, TEST_TOKEN, waitFor } from './harness.ts';
import { type Haproxy, startHaproxy } from './support/haproxy.ts';
import { buildRuntime, type RuntimeNode, startNode, startNodes } from './support/node-process.ts';
import { steadyLoad } from './support/steady-load.ts';
import { createTestPostgresDatabase, type TestPostgresDatabase } from './support/test-postgres.ts';

// The deployment docs/deployment.md describes, as real processes: three compiled runtime nodes
// on one PostgreSQL, HAProxy (Debian's package) in front running apps/runtime/deploy/haproxy.cfg
// with its /readyz health checks, and callers streaming completions through it.

const CHECK_MS = 200;
// Two failed checks (HAProxy's `fall 2`) take a node out; the node keeps serving well past that.
const SHUTDOWN_DELAY_MS = 6 * CHECK_MS;

let postgres: TestPostgresDatabase;
let backends: FakeBackend[];
let nodes: RuntimeNode[];
let haproxy: Haproxy;

const admin = async (node: RuntimeNode, procedure: string, input: unknown) => {
  const response = await fetch(`${node.adminUrl}/trpc/${procedure}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  if (response.status !== 200) throw new Error(`${procedure} on ${node.settings.id}: ${response.status} ${await response.text()}`);
  return response.json();
};

/** The node serves the upstream through its own data plane (its config has it). */
const serves = async (node: RuntimeNode, upstream: string) => {
  const response = await request(`${node.dataUrl}/v1/models`, { headers: { host: upstream } }).catch(() => null);
  await response?.body.dump();
  return response?.statusCode === 200;
};

beforeAll(async () => {
  buildRuntime();
  postgres = await createTestPostgresDatabase('headwater_fleet');
  backends = await Promise.all(['x', 'y'].map((name) => startFakeBackend({ name, chunkDelayMs: 40 })));
  const env = { HEADWATER_SHUTDOWN_DELAY_MS: String(SHUTDOWN_DELAY_MS), HEADWATER_SHUTDOWN_GRACE_MS: '10000' };
  const settings = async (id: string) => ({
    id,
    dataPort: await closedPort(),
    adminPort: await closedPort(),
    databaseUrl: postgres.url,
    env,
  });
  nodes = [await startNode(await settings('node-a'))]; // the first start migrates the database
  await startNodes(nodes, [await settings('node-b'), await settings('node-c')]);
  await admin(nodes[0]!, 'upstreams.create', {
    name: 'fleet',
    slowStartMs: 0,
    targets: backends.map((backend) => ({ host: '127.0.0.1', port: backend.port })),
  });
  for (const node of nodes) await waitFor(`${node.settings.id} to serve the upstream`, () => serves(node, 'fleet'));
  haproxy = await startHaproxy(nodes, await closedPort(), CHECK_MS);
}, 120_000);

afterAll(async () => {
  await haproxy?.stop();
  for (const node of nodes ?? []) {
    await node.stop();
    node.dispose();
  }
  await Promise.all((backends ?? []).map((backend) => backend.close()));
  await postgres?.drop();
});

describe('three runtime nodes behind HAProxy on one PostgreSQL', () => {
  it('restarts every node in turn under steady streaming POSTs with zero failed requests', async () => {
    const load = steadyLoad(haproxy.url, 'fleet', 8);
    try {
      await waitFor('traffic through every node', () => load.ok >= 30);
      for (const [index, node] of nodes.entries()) {
        const server = 'abc'[index]!;
        const code = await node.stop(); // SIGTERM: not ready, Connection: close, serve through the delay, drain
        expect(code, node.output()).toBe(0);
        await node.restart();
        await haproxy.waitForStatus(server, 'UP');
      }
      const okBefore = load.ok;
      await waitFor('traffic after the last restart', () => load.ok >= okBefore + 30);
    } finally {
      await load.stop();
    }
    console.log(`rolling restart of 3 nodes: ${load.ok} streamed completions, ${load.failures.length} failed`);
    expect(load.failures).toEqual([]);
  }, 120_000);

  it('loses at most the requests a node had in flight when it is killed with SIGKILL', async () => {
    const load = steadyLoad(haproxy.url, 'fleet', 8);
    const victim = nodes[1]!;
    const errorsBefore = (await haproxy.responseErrors()).b ?? 0;
    const sessions = sampleSessions(haproxy, 'b');
    try {
      await waitFor('traffic through every node', () => load.ok >= 30);
      await waitFor('requests in flight at the node', () => sessions.latest() > 0);
      await victim.kill();
      await sessions.stop();
      await haproxy.waitForStatus('b', 'DOWN');
      const okBefore = load.ok;
      await waitFor('traffic on the other nodes', () => load.ok >= okBefore + 30);
    } finally {
      await sessions.stop();
      await load.stop();
    }
    // What the node had in flight when it died, as HAProxy saw it: the most sessions it had open
    // at the node in the last 200 ms before the kill (a stream here lasts longer than that, so each
    // of them was still running at the kill), or the requests HAProxy sent it and got no answer
    // for, or an answer cut short (`eresp`), if more. A single sample cannot be taken at the very
    // instant of the kill, and `eresp` alone misses a request the node's kernel had accepted but
    // the node never read: both were seen undercounting by one on a loaded machine.
    const errors = ((await haproxy.responseErrors()).b ?? 0) - errorsBefore;
    const inFlightAtKill = Math.max(errors, sessions.maxWithin(200));
    console.log(
      `SIGKILL under load: in flight at the node ${inFlightAtKill} (HAProxy sessions at it in the last 200 ms ${sessions.maxWithin(200)}, response errors ${errors}); ${load.failures.length} failed, ${load.ok} succeeded`,
    );
    expect(inFlightAtKill).toBeGreaterThan(0);
    expect(load.failures.length).toBeLessThanOrEqual(inFlightAtKill);
    await victim.restart();
    await haproxy.waitForStatus('b', 'UP');
  }, 120_000);
});

/** HAProxy's open sessions at one server, sampled every 10 ms until stopped. */
function sampleSessions(haproxy: Haproxy, server: string) {
  const samples: Array<{ at: number; sessions: number }> = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const sessions = Number((await haproxy.currentSessions().catch(() => ({}) as Record<string, number>))[server] ?? 0);
      samples.push({ at: Date.now(), sessions });
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  })();
  let stoppedAt = 0;
  return {
    latest: () => samples.at(-1)?.sessions ?? 0,
    async stop() {
      if (running) stoppedAt = Date.now();
      running = false;
      await loop;
    },
    /** The most sessions seen in the `ms` before sampling stopped. */
    maxWithin: (ms: number) => Math.max(0, ...samples.filter((sample) => sample.at >= stoppedAt - ms).map((sample) => sample.sessions)),
  };
}
