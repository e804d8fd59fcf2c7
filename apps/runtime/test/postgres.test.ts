import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { readTestEnv } from './env.ts';
import { call, spread, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';

// Two runtime nodes behind one PostgreSQL, as in a multi-replica deployment.
const adminUrl = readTestEnv().TEST_POSTGRES_URL;
const database = `headwater_nodes_${process.pid}_${Date.now()}`;
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();

// The spec: every node sees a change within one second, through a config version each node
// checks every second. The check's phase is unrelated to the write, so a change can wait up
// to one whole interval, and then the reload (version, every upstream, a new snapshot) runs.
const CONFIG_POLL_MS = 1_000;
/** Room for that reload on a loaded 2-core CI machine (idle here, the whole arrival took 0.1–0.8 s, the check's phase included). */
const RELOAD_ALLOWANCE_MS = 1_000;

let nodeA: TestRuntime;
let nodeB: TestRuntime;
let backend: FakeBackend;

async function admin(sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`CREATE DATABASE "${database}"`);
  backend = await startFakeBackend({ name: 'pg-backend' });
  const env = (node: string) => ({ HEADWATER_NODE_ID: node, HEADWATER_CONFIG_POLL_MS: String(CONFIG_POLL_MS) });
  // Both nodes migrate the same fresh database at once, as replicas starting together do.
  [nodeA, nodeB] = await Promise.all([
    startTestRuntime({ databaseUrl, env: env('node-a') }),
    startTestRuntime({ databaseUrl, env: env('node-b') }),
  ]);
});
afterAll(async () => {
  await Promise.all([nodeA?.stop(), nodeB?.stop(), backend?.close()]);
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

describe('runtime on PostgreSQL', () => {
  it('stores config in PostgreSQL and every node serves a change made through another by its next version check', async () => {
    expect((await call(nodeB.dataUrl, 'shared')).status).toBe(404); // B routes nothing yet

    await nodeA.client.upstreams.create.mutate({ name: 'shared', targets: [{ host: '127.0.0.1', port: backend.port }] });
    const writtenAt = Date.now();
    expect((await call(nodeA.dataUrl, 'shared')).status).toBe(200); // the writer reloads before it answers

    // The event itself: node B routing the new upstream to its target (the deadline only ends a failing run).
    await waitFor('node B to serve the change', async () => (await call(nodeB.dataUrl, 'shared')).status === 200, 10_000);
    expect(Date.now() - writtenAt).toBeLessThan(CONFIG_POLL_MS + RELOAD_ALLOWANCE_MS);
    expect(await spread(nodeB.dataUrl, 'shared', 3)).toEqual({ 'pg-backend': 3 });
  });
});
