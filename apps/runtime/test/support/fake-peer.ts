import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { NodeView } from '../../src/fleet/node-view.ts';
import type { GridSnapshot, GridTarget } from '../../src/state/grid.ts';

/** How the fake peer answers: its grid, a hang (no answer at all), or a status with a body. */
export type FakePeerMode = { kind: 'grid' } | { kind: 'hang' } | { kind: 'answer'; status: number; body: unknown };

export interface FakePeer {
  /** Its admin URL, as the node registry would advertise it. */
  url: string;
  /** Every request it received: method, path (query included), authorization header, body. */
  requests: Array<{ method: string; path: string; authorization: string | undefined; body: string }>;
  grid: GridSnapshot;
  mode: FakePeerMode;
  /** Requests it is hanging on that the caller has not given up on yet. */
  readonly pending: number;
  close(): Promise<void>;
}

/**
 * A peer's admin API as the fleet fan-out sees it, on a real loopback port: answers tRPC's
 * `{ result: { data } }` envelope with `grid` for any GET, or hangs, or answers what the test sets.
 */
export async function startFakePeer(grid: GridSnapshot): Promise<FakePeer> {
  const hanging = new Set<ServerResponse>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    req.on('end', () => {
      peer.requests.push({ method: req.method ?? '', path: req.url ?? '', authorization: req.headers.authorization, body });
      const { mode } = peer;
      if (mode.kind === 'hang') {
        hanging.add(res);
        res.on('close', () => hanging.delete(res)); // the caller gave up
        return;
      }
      const [status, payload] = mode.kind === 'grid' ? [200, { result: { data: peer.grid } }] : [mode.status, mode.body];
      const text = JSON.stringify(payload);
      res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const peer: FakePeer = {
    url: `http://127.0.0.1:${port}`,
    requests: [],
    grid,
    mode: { kind: 'grid' },
    get pending() {
      return hanging.size;
    },
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return peer;
}

/** A grid cell with every field filled: a healthy target unless `changes` say otherwise. */
export function testCell(id: string, changes: Partial<GridTarget> = {}): GridTarget {
  return {
    id,
    host: '127.0.0.1',
    port: 9000,
    weight: 100,
    priority: 0,
    adminState: 'enabled',
    state: 'healthy',
    reasons: [],
    inFlight: 0,
    slowStartPct: null,
    active: 'off',
    circuit: 'closed',
    credentials: 'accepted',
    lastProbeAt: null,
    drainDeadline: null,
    cooldownUntil: null,
    latencyMs: null,
    requests60s: 0,
    successRatePct: null,
    p50Ms: null,
    p99Ms: null,
    ...changes,
  };
}

/** A node's grid with one upstream, `pool`, holding these cells. */
export function testGrid(node: string, at: number, cells: GridTarget[]): GridSnapshot {
  return { node, at, upstreams: [{ name: 'pool', proxy: null, targets: cells, tiers: [] }] };
}

/** A node as the registry lists it: up, ready, seen just now, unless `changes` say otherwise. */
export function testNode(id: string, adminUrl: string, changes: Partial<NodeView> = {}): NodeView {
  return {
    id,
    adminUrl,
    version: '0.1.0',
    startedAt: 0,
    configVersion: 1,
    configCurrent: true,
    ready: true,
    lastSeenAt: 0,
    stoppedAt: null,
    status: 'up',
    requestsPerSecond: 0,
    self: false,
    ...changes,
  };
}
