import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { e2eEnv } from './env.ts';
import type { SpecProcess } from './processes.ts';
import { type RuntimeNode, startConsoleServer, startRuntimeNode } from './runtime-processes.ts';

// The fleet spec's own deployment: three compiled runtime nodes (runtime-processes.ts) in one
// PostgreSQL schema of their own, and a console pointed at node A. Fixed ports beside the main
// stack's (stack.ts), so Playwright's baseURL can name the console's before anything starts.

export const FLEET_NODES = ['node-a', 'node-b', 'node-c'] as const;
export type FleetNodeId = (typeof FLEET_NODES)[number];

export const fleetPorts = {
  console: 13_100,
  node: (id: FleetNodeId) => {
    const index = FLEET_NODES.indexOf(id);
    return { data: 18_180 + 2 * index, admin: 18_181 + 2 * index };
  },
} as const;

export interface FleetNode extends RuntimeNode {
  readonly id: FleetNodeId;
}

export interface Fleet {
  readonly consoleUrl: string;
  readonly nodes: Record<FleetNodeId, FleetNode>;
  /** Stops every process it started, drops the schema, removes the data folders. */
  close(): Promise<void>;
}

const startNode = (id: FleetNodeId, databaseUrl: string, dataDir: string) =>
  startRuntimeNode({ id, ...fleetPorts.node(id), databaseUrl, dataDir }) as Promise<FleetNode>;

async function onServer(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: e2eEnv.testPostgresUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Starts the fleet in a schema of its own on the test server's database (`?schema=`, created by
 * node A's migration, dropped by `close`): node A first (it migrates), then B and C, then the
 * console.
 */
export async function startFleet(): Promise<Fleet> {
  const schema = `e2e_fleet_${randomBytes(5).toString('hex')}`;
  const url = new URL(e2eEnv.testPostgresUrl);
  url.searchParams.set('schema', schema);
  const dataDir = mkdtempSync(join(tmpdir(), 'headwater-e2e-fleet-'));
  const started: SpecProcess[] = [];
  const close = async () => {
    await Promise.all(started.map((server) => server.stop()));
    await onServer(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const a = await startNode('node-a', url.toString(), dataDir);
    started.push(a.process);
    const others = await Promise.allSettled([startNode('node-b', url.toString(), dataDir), startNode('node-c', url.toString(), dataDir)]);
    for (const result of others) if (result.status === 'fulfilled') started.push(result.value.process);
    for (const result of others) if (result.status === 'rejected') throw result.reason;
    const [b, c] = others.map((result) => (result as PromiseFulfilledResult<FleetNode>).value);
    const consoleServer = await startConsoleServer(fleetPorts.console, a.adminUrl);
    started.push(consoleServer.process);
    return { consoleUrl: consoleServer.url, nodes: { 'node-a': a, 'node-b': b!, 'node-c': c! }, close };
  } catch (error) {
    await close();
    throw error;
  }
}
