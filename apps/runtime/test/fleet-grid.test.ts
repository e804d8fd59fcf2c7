import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FleetGrid } from '../src/fleet/fleet-grid.ts';
import { call, TEST_TOKEN, type TestRuntime, waitFor } from './harness.ts';
import { startThreeNodes, type ThreeNodes } from './support/three-nodes.ts';

// The fleet grid on three in-process runtimes sharing one PostgreSQL database: node A fans out
// to B and C through their admin APIs (the advertised URLs in the node registry).

let fleet: ThreeNodes;
let flaky: string; // a target whose circuit opens after one failure
let steady: string;

beforeAll(async () => {
  fleet = await startThreeNodes('headwater_fleet_grid');
  const [one, two] = fleet.backends;
  const created = await fleet.a.client.upstreams.create.mutate({
    name: 'pool',
    retries: 0,
    healthChecks: { passive: { consecutiveFailures: 1 } },
    targets: [
      { host: '127.0.0.1', port: one.port },
      { host: '127.0.0.1', port: two.port },
    ],
  });
  const idOf = (port: number) => created.targets.find((target) => target.port === port)!.id;
  [flaky, steady] = [idOf(one.port), idOf(two.port)];
  for (const node of [fleet.b, fleet.c])
    await waitFor('the upstream on every node', async () => (await call(node.dataUrl, 'pool')).status !== 404);
});
afterAll(() => fleet?.stop());

const targetOf = (grid: FleetGrid, id: string) => grid.upstreams.find((u) => u.name === 'pool')!.targets.find((t) => t.id === id)!;
const stateOn = (grid: FleetGrid, id: string, node: string) => targetOf(grid, id).cells.find((cell) => cell.node === node)?.cell?.state;

/** Opens the flaky target's circuit on one node: one failed request through that node's data plane. */
async function failOn(node: TestRuntime) {
  fleet.backends[0].setMode({ kind: 'status', status: 503 });
  try {
    await waitFor('the circuit open on that node', async () => {
      await call(node.dataUrl, 'pool'); // the balancer picks either target: the flaky one fails once picked
      const grid = await node.client.states.get.query();
      return grid.upstreams[0]!.targets.find((t) => t.id === flaky)!.circuit === 'open';
    });
  } finally {
    fleet.backends[0].setMode({ kind: 'ok' });
  }
}

/** The fleet grids node A streams over `states.watchFleet` (SSE), as the console receives them. */
function watchFleet(node: TestRuntime) {
  const controller = new AbortController();
  const grids: FleetGrid[] = [];
  const read = async () => {
    const response = await fetch(`${node.adminUrl}/trpc/states.watchFleet`, {
      headers: { authorization: `Bearer ${TEST_TOKEN}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk, { stream: true });
      const events = buffered.split('\n\n');
      buffered = events.pop()!;
      for (const line of events.flatMap((event) => event.split('\n'))) {
        const data = line.startsWith('data: ') ? (JSON.parse(line.slice(6)) as Partial<FleetGrid>) : undefined;
        if (data?.upstreams) grids.push(data as FleetGrid);
      }
    }
  };
  read().catch((error: unknown) => {
    if (!controller.signal.aborted) throw error;
  });
  return { grids, close: () => controller.abort() };
}

describe('the fleet grid', () => {
  it("shows every node's cell for every target, matched by id, with a summary per target", async () => {
    await failOn(fleet.b);
    const grid = await fleet.a.client.states.fleet.query();
    expect(grid.self).toBe('node-a');
    expect(grid.nodes.map(({ id, status, error, node }) => ({ id, status, error, self: node.self, adminUrl: node.adminUrl }))).toEqual([
      { id: 'node-a', status: 'live', error: null, self: true, adminUrl: fleet.a.adminUrl },
      { id: 'node-b', status: 'live', error: null, self: false, adminUrl: fleet.b.adminUrl },
      { id: 'node-c', status: 'live', error: null, self: false, adminUrl: fleet.c.adminUrl },
    ]);
    expect(targetOf(grid, flaky).cells.map((cell) => [cell.node, cell.status, cell.cell?.state, cell.cell?.circuit])).toEqual([
      ['node-a', 'live', 'healthy', 'closed'],
      ['node-b', 'live', 'unhealthy', 'open'],
      ['node-c', 'live', 'healthy', 'closed'],
    ]);
    expect(targetOf(grid, flaky).summary).toMatchObject({
      healthy: 2,
      unhealthy: 1,
      nodes: 3,
      text: 'Healthy on 2 of 3 nodes · unhealthy on 1',
    });
    expect(targetOf(grid, steady).summary.text).toBe('Healthy on 3 of 3 nodes');
    await fleet.b.client.targets.resetCircuit.mutate({ id: flaky, node: 'node-b' });
  });

  it('streams over states.watchFleet, and a change on a peer reaches the stream', async () => {
    const stream = watchFleet(fleet.a);
    try {
      await waitFor('the first fleet grid', () => stream.grids.length > 0);
      expect(stateOn(stream.grids[0]!, flaky, 'node-c')).toBe('healthy');
      await failOn(fleet.c);
      await waitFor('node C unhealthy on the stream', () => stream.grids.some((grid) => stateOn(grid, flaky, 'node-c') === 'unhealthy'));
      const latest = stream.grids.at(-1)!;
      expect(latest.nodes.map((node) => node.status)).toEqual(['live', 'live', 'live']);
    } finally {
      stream.close();
    }
    await fleet.c.client.targets.resetCircuit.mutate({ id: flaky, node: 'node-c' });
  });

  it('shows a node that stopped lost at once, and one killed unreachable, then lost once its heartbeat is 15 s old', async () => {
    await fleet.stopNode(fleet.c);
    const stoppedAt = Date.now();
    // A clean stop (SIGTERM's shutdown) is written last: lost at once, not 15 s later.
    const stopped = await waitFor('node C lost', async () => {
      const grid = await fleet.a.client.states.fleet.query();
      return grid.nodes[2]?.status === 'lost' ? grid : undefined;
    });
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(stopped.nodes[2]).toMatchObject({ id: 'node-c', error: expect.stringMatching(/^stopped \d s ago$/), gridAt: null });
    expect(stopped.nodes[2]!.node).toMatchObject({ status: 'lost', ready: false, stoppedAt: expect.any(Number) });
    expect(targetOf(stopped, steady).cells[2]).toEqual({ node: 'node-c', status: 'lost', cell: null });
    expect(targetOf(stopped, steady).summary).toMatchObject({ healthy: 2, unknown: 0, nodes: 2, text: 'Healthy on 2 of 2 nodes' });

    // A node killed (no shutdown, so no stop written) is only unreachable while its heartbeat is fresh.
    await fleet.asIfKilled('node-c');
    const unreachable = await waitFor('node C unreachable', async () => {
      const grid = await fleet.a.client.states.fleet.query();
      return grid.nodes[2]?.status === 'unreachable' ? grid : undefined;
    });
    expect(unreachable.nodes[2]).toMatchObject({ id: 'node-c', error: 'connection refused (ECONNREFUSED)', gridAt: null });
    expect(targetOf(unreachable, steady).cells[2]).toEqual({ node: 'node-c', status: 'unreachable', cell: null });
    expect(targetOf(unreachable, steady).summary).toMatchObject({
      healthy: 2,
      unknown: 1,
      nodes: 3,
      text: 'Healthy on 2 of 3 nodes · unknown on 1',
    });

    await fleet.ageHeartbeat('node-c', 20_000);
    const lost = await waitFor('node C lost', async () => {
      const grid = await fleet.a.client.states.fleet.query();
      return grid.nodes[2]?.status === 'lost' ? grid : undefined;
    });
    expect(lost.nodes[2]).toMatchObject({ id: 'node-c', status: 'lost', error: expect.stringMatching(/^no heartbeat for 2\d s$/) });
    expect(lost.nodes[2]!.node.stoppedAt).toBeNull();
    expect(targetOf(lost, steady).cells[2]).toEqual({ node: 'node-c', status: 'lost', cell: null });
    expect(targetOf(lost, steady).summary).toMatchObject({ healthy: 2, unknown: 0, nodes: 2, text: 'Healthy on 2 of 2 nodes' });
  });
});
