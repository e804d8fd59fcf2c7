import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBackend, startFakeBackend } from '../demo/fake-ai-backend.ts';
import { RUNTIME_VERSION } from '../src/lib/runtime-version.ts';
import { startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { createTestPostgresDatabase, type TestPostgresDatabase } from './support/test-postgres.ts';

// `nodes.list`, `runtime.status` and the /readyz body, through the admin API of real runtimes:
// two nodes on one PostgreSQL (each with an advertised admin URL), and one on its own SQLite file.

let postgres: TestPostgresDatabase;
let nodeA: TestRuntime;
let nodeB: TestRuntime;
let backend: FakeBackend;
let startedBefore: number;
let bStopped = false;

const advertised = (node: string) => `https://${node}.fleet.internal:9443`;

beforeAll(async () => {
  postgres = await createTestPostgresDatabase('headwater_nodes_api');
  backend = await startFakeBackend({ name: 'nodes-backend' });
  const env = (node: string) => ({ HEADWATER_NODE_ID: node, HEADWATER_ADVERTISED_ADMIN_URL: `${advertised(node)}/` });
  startedBefore = Date.now();
  nodeA = await startTestRuntime({ databaseUrl: postgres.url, env: env('node-a') });
  nodeB = await startTestRuntime({ databaseUrl: postgres.url, env: env('node-b') });
}, 60_000);
afterAll(async () => {
  await Promise.all([nodeA?.stop(), bStopped ? undefined : nodeB?.stop(), backend?.close()]);
  await postgres?.drop();
});

describe('nodes.list', () => {
  it('lists every node of the fleet, itself first, with what each one reported', async () => {
    const list = await nodeA.client.nodes.list.query();
    expect(list.self).toBe('node-a');
    expect(list.at).toBeGreaterThanOrEqual(startedBefore);
    expect(list.nodes.map((node) => [node.id, node.self, node.status])).toEqual([
      ['node-a', true, 'up'],
      ['node-b', false, 'up'],
    ]);
    const [, b] = list.nodes;
    expect(b).toMatchObject({
      adminUrl: advertised('node-b'), // as configured, without the trailing slash
      version: RUNTIME_VERSION,
      configVersion: list.configVersion,
      configCurrent: true,
      ready: true,
      requestsPerSecond: 0,
    });
    expect(b!.startedAt).toBeGreaterThanOrEqual(startedBefore);
    expect(b!.lastSeenAt).toBeGreaterThanOrEqual(b!.startedAt);
    expect((await nodeB.client.nodes.list.query()).nodes.map((node) => node.id)).toEqual(['node-b', 'node-a']);
  });

  it('shows every node on the new config version after a change made through one of them', async ({ annotate }) => {
    const before = (await nodeA.client.nodes.list.query()).configVersion;
    const changedAt = Date.now();
    await nodeA.client.upstreams.create.mutate({ name: 'versioned', targets: [{ host: '127.0.0.1', port: backend.port }] });
    // Node B hears of the write (NOTIFY), reloads, and heartbeats with its new version at once
    // (the periodic heartbeat would take up to 5 s; the time it took is annotated).
    const list = await waitFor('node B to report the new version', async () => {
      const read = await nodeA.client.nodes.list.query();
      return read.nodes.every((node) => node.configVersion === read.configVersion) && read.configVersion > before ? read : undefined;
    });
    await annotate(`every node reported version ${list.configVersion} ${Date.now() - changedAt} ms after the write began`);
    expect(list.nodes.every((node) => node.configCurrent)).toBe(true);
    expect(list.nodes[1]!.lastSeenAt).toBeGreaterThanOrEqual(changedAt); // a heartbeat after the change (one machine, one clock)
  });
});

describe('runtime.status and /readyz', () => {
  it('says which node answers, its version, start, config version, readiness and that the database answers', async () => {
    const stored = (await nodeB.client.nodes.list.query()).configVersion;
    const status = await nodeB.client.runtime.status.query();
    expect(status).toEqual({
      node: 'node-b',
      version: RUNTIME_VERSION,
      startedAt: expect.any(Number),
      configVersion: stored,
      ready: true,
      database: { status: 'ok', since: null, detail: `database reachable: serving config version ${stored}` },
    });
    expect(status.startedAt).toBeGreaterThanOrEqual(startedBefore);

    const readyz = await fetch(`${nodeB.adminUrl}/readyz`);
    expect(readyz.status).toBe(200);
    expect(await readyz.json()).toEqual({ status: 'ready', node: 'node-b', configVersion: stored, database: 'ok' });
  });
});

describe('a node on its own SQLite file', () => {
  it('lists itself alone, at its bind address and admin port when no URL is advertised', async () => {
    const single = await startTestRuntime({ env: { HEADWATER_NODE_ID: 'solo' } });
    try {
      const list = await single.client.nodes.list.query();
      expect(list.nodes).toHaveLength(1);
      expect(list.nodes[0]).toMatchObject({ id: 'solo', self: true, adminUrl: single.adminUrl, configCurrent: true, status: 'up' });
    } finally {
      await single.stop();
    }
  });
});

describe('a node that stops', () => {
  it('is listed lost as soon as its shutdown ends, not ready, with when it stopped', async () => {
    const stopping = Date.now();
    await nodeB.stop();
    bStopped = true;
    const list = await nodeA.client.nodes.list.query();
    const b = list.nodes[1]!;
    expect(b).toMatchObject({ id: 'node-b', ready: false, status: 'lost' });
    expect(b.stoppedAt).toBeGreaterThanOrEqual(stopping);
    expect(b.stoppedAt).toBe(b.lastSeenAt); // the stop is its last write
    expect(list.at - b.lastSeenAt).toBeLessThan(15_000); // not by the 15 s rule
  });
});
