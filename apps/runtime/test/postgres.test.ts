import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { spread, startTestRuntime, type TestRuntime } from './harness.ts';

// Two runtime nodes behind one PostgreSQL, as in a multi-replica deployment.
const adminUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const database = `headwater_nodes_${process.pid}_${Date.now()}`;
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();

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
  // Both nodes migrate the same fresh database at once, as replicas starting together do.
  [nodeA, nodeB] = await Promise.all([
    startTestRuntime({ databaseUrl, env: { HEADWATER_NODE_ID: 'node-a' } }),
    startTestRuntime({ databaseUrl, env: { HEADWATER_NODE_ID: 'node-b' } }),
  ]);
});
afterAll(async () => {
  await Promise.all([nodeA?.stop(), nodeB?.stop(), backend?.close()]);
  await admin(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
});

describe('runtime on PostgreSQL', () => {
  it('stores config in PostgreSQL and every node serves a change made through another within a second', async () => {
    await nodeA.client.upstreams.create.mutate({ name: 'shared', targets: [{ host: '127.0.0.1', port: backend.port }] });
    const started = Date.now();
    while ((await nodeB.client.states.get.query()).upstreams.length === 0) {
      if (Date.now() - started > 3_000) throw new Error('node B never saw the change');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(await spread(nodeB.dataUrl, 'shared', 3)).toEqual({ 'pg-backend': 3 });
  });
});
