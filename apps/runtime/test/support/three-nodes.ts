import { type Database, openDatabase } from '@headwater/prisma';
import { startFakeBackend, type FakeBackend } from '../../demo/fake-ai-backend.ts';
import { closedPort, startTestRuntime, type TestRuntime, waitFor } from '../harness.ts';
import { createTestPostgresDatabase } from './test-postgres.ts';

/** Three in-process runtimes (node-a, node-b, node-c) on one fresh PostgreSQL database, with two fake AI backends. */
export interface ThreeNodes {
  a: TestRuntime;
  b: TestRuntime;
  c: TestRuntime;
  backends: [FakeBackend, FakeBackend];
  databaseUrl: string;
  /** Moves a node's last heartbeat back by `ms`, as if it had been silent that long. */
  ageHeartbeat(node: string, ms: number): Promise<void>;
  /** Rewrites a stopped node's row as a node killed just now would have left it: seen now, never stopped. */
  asIfKilled(node: string): Promise<void>;
  /** Stops one node (SIGTERM's shutdown: its row marked stopped at the end). */
  stopNode(node: TestRuntime): Promise<void>;
  /** Stops whatever is still running and drops the database. */
  stop(): Promise<void>;
}

/** Starts a node that advertises the admin URL it listens on, as a fleet's node would. */
async function startNode(id: string, databaseUrl: string): Promise<TestRuntime> {
  const adminPort = await closedPort();
  return startTestRuntime({
    databaseUrl,
    env: {
      HEADWATER_NODE_ID: id,
      HEADWATER_ADMIN_PORT: String(adminPort),
      HEADWATER_ADVERTISED_ADMIN_URL: `http://127.0.0.1:${adminPort}`,
    },
  });
}

export async function startThreeNodes(prefix: string): Promise<ThreeNodes> {
  const database = await createTestPostgresDatabase(prefix);
  // The first node migrates the fresh database; the others join it.
  const a = await startNode('node-a', database.url);
  const [b, c, ...backends] = await Promise.all([
    startNode('node-b', database.url),
    startNode('node-c', database.url),
    startFakeBackend({ name: 'one' }),
    startFakeBackend({ name: 'two' }),
  ]);
  await waitFor('every node registered', async () => (await a.client.nodes.list.query()).nodes.length === 3);
  const stopped = new Set<TestRuntime>();
  const onDatabase = async (use: (db: Database) => Promise<unknown>) => {
    const db = await openDatabase(database.url);
    try {
      await use(db);
    } finally {
      await db.$disconnect();
    }
  };
  return {
    a,
    b: b as TestRuntime,
    c: c as TestRuntime,
    backends: backends as [FakeBackend, FakeBackend],
    databaseUrl: database.url,
    async ageHeartbeat(node, ms) {
      await onDatabase(async (db) => {
        const row = await db.node.findUniqueOrThrow({ where: { id: node } });
        await db.node.update({ where: { id: node }, data: { lastSeenAt: new Date(row.lastSeenAt.getTime() - ms) } });
      });
    },
    async asIfKilled(node) {
      await onDatabase((db) => db.node.update({ where: { id: node }, data: { lastSeenAt: new Date(), stoppedAt: null } }));
    },
    async stopNode(node) {
      stopped.add(node);
      await node.stop();
    },
    async stop() {
      const runtimes = [a, b as TestRuntime, c as TestRuntime].filter((runtime) => !stopped.has(runtime));
      await Promise.all([...runtimes.map((runtime) => runtime.stop()), ...backends.map((backend) => backend.close())]);
      await database.drop();
    },
  };
}
