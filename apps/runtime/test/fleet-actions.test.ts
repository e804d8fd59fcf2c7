import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, rejection, TEST_TOKEN, type TestRuntime, waitFor } from './harness.ts';
import { startThreeNodes, type ThreeNodes } from './support/three-nodes.ts';

// Reset circuit and end cooldown across three in-process runtimes on one PostgreSQL database:
// node A acts locally and asks B and C through their admin APIs, each acting on itself only.

let fleet: ThreeNodes;
let id: string; // the target on backend `one`, the one these tests break

beforeAll(async () => {
  fleet = await startThreeNodes('headwater_fleet_actions');
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
  id = created.targets.find((target) => target.port === one.port)!.id;
  for (const node of [fleet.b, fleet.c])
    await waitFor('the upstream on every node', async () => (await call(node.dataUrl, 'pool')).status !== 404);
});
afterAll(() => fleet?.stop());

const cellOn = async (node: TestRuntime) => (await node.client.states.get.query()).upstreams[0]!.targets.find((t) => t.id === id)!;

/** Backend `one` answers `status` until the target's cell on `node` passes `check` (the balancer picks either target). */
async function breakOn(
  node: TestRuntime,
  mode: { status: number; retryAfter?: string },
  check: (cell: Awaited<ReturnType<typeof cellOn>>) => boolean,
) {
  fleet.backends[0].setMode({ kind: 'status', ...mode });
  try {
    await waitFor('the target broken on that node', async () => {
      await call(node.dataUrl, 'pool');
      return check(await cellOn(node));
    });
  } finally {
    fleet.backends[0].setMode({ kind: 'ok' });
  }
}
const openCircuitOn = (node: TestRuntime) => breakOn(node, { status: 503 }, (cell) => cell.circuit === 'open');

describe('fleet-wide target actions', () => {
  it('reset circuit without a node closes the circuit on every node, reporting each', async () => {
    for (const node of [fleet.a, fleet.b, fleet.c]) await openCircuitOn(node);
    const result = await fleet.a.client.targets.resetCircuit.mutate({ id });
    expect(result).toEqual({
      id,
      target: `127.0.0.1:${fleet.backends[0].port}`,
      changed: true,
      message: 'circuit closed on 3 of 3 nodes',
      nodes: [
        { node: 'node-a', outcome: 'changed', message: 'circuit closed' },
        { node: 'node-b', outcome: 'changed', message: 'circuit closed' },
        { node: 'node-c', outcome: 'changed', message: 'circuit closed' },
      ],
    });
    for (const node of [fleet.a, fleet.b, fleet.c]) expect((await cellOn(node)).circuit).toBe('closed');
    // Each node logged its own reset, once (the peers acted on themselves: nothing fanned out twice).
    const resets = await waitFor('three resets in the event log', async () => {
      const events = await fleet.a.client.events.list.query({ targetId: id });
      const found = events.filter((event) => event.reason === 'reset by operator');
      return found.length >= 3 ? found : undefined;
    });
    expect(resets.map((event) => event.node).sort()).toEqual(['node-a', 'node-b', 'node-c']);
  });

  it('with a node chosen, acts on that node only', async () => {
    await openCircuitOn(fleet.b);
    await openCircuitOn(fleet.c);
    expect(await fleet.a.client.targets.resetCircuit.mutate({ id, node: 'node-b' })).toMatchObject({
      changed: true,
      message: 'circuit closed on 1 of 1 node',
      nodes: [{ node: 'node-b', outcome: 'changed', message: 'circuit closed' }],
    });
    expect((await cellOn(fleet.b)).circuit).toBe('closed');
    expect((await cellOn(fleet.c)).circuit).toBe('open');
    expect((await fleet.a.client.targets.resetCircuit.mutate({ id, node: 'node-a' })).nodes).toEqual([
      { node: 'node-a', outcome: 'unchanged', message: 'circuit is already closed' },
    ]);
    await fleet.a.client.targets.resetCircuit.mutate({ id, node: 'node-c' });
    expect((await cellOn(fleet.c)).circuit).toBe('closed');
  });

  it('end cooldown reports which nodes were cooling down', async () => {
    await breakOn(fleet.b, { status: 429, retryAfter: '120' }, (cell) => (cell.cooldownUntil ?? 0) > Date.now());
    expect(await fleet.c.client.targets.endCooldown.mutate({ id })).toMatchObject({
      changed: true,
      message: 'cooldown ended on 1 of 3 nodes · not cooling down on 2',
      nodes: [
        { node: 'node-c', outcome: 'unchanged', message: 'target is not cooling down' },
        { node: 'node-a', outcome: 'unchanged', message: 'target is not cooling down' },
        { node: 'node-b', outcome: 'changed', message: 'cooldown ended' },
      ],
    });
    expect((await cellOn(fleet.b)).cooldownUntil).toBeNull();
  });

  it('names an unknown node NOT_FOUND; skips a stopped node; a killed one fails, then is skipped once lost; never a token in what is said', async () => {
    const unknown = await rejection(fleet.a.client.targets.endCooldown.mutate({ id, node: 'node-z' }));
    expect(unknown.data?.code).toBe('NOT_FOUND');
    expect(unknown.message).toBe('no node "node-z" in the fleet (see nodes.list)');

    // Node A's node list is cached for a second: each outcome is awaited, not assumed at once.
    const resetUntil = (outcome: string, node?: string) =>
      waitFor(`node C ${outcome}`, async () => {
        const result = await fleet.a.client.targets.resetCircuit.mutate(node ? { id, node } : { id });
        return result.nodes.at(-1)!.outcome === outcome ? result : undefined;
      });
    await fleet.stopNode(fleet.c);
    const stopped = await resetUntil('skipped');
    expect(stopped.nodes[2]).toEqual({ node: 'node-c', outcome: 'skipped', message: 'node is lost: it stopped' });
    expect(stopped.message).toBe('circuit already closed on 2 of 3 nodes · skipped (lost) on 1 (node-c)');

    await fleet.asIfKilled('node-c'); // no stop written, a fresh heartbeat: not lost yet, and not answering
    const failed = await resetUntil('failed');
    expect(failed.nodes[2]).toEqual({ node: 'node-c', outcome: 'failed', message: 'connection refused (ECONNREFUSED)' });
    expect(failed.message).toBe('circuit already closed on 2 of 3 nodes · failed on 1 (node-c)');

    await fleet.ageHeartbeat('node-c', 20_000);
    const skipped = await resetUntil('skipped', 'node-c');
    expect(skipped).toMatchObject({ changed: false, message: 'skipped (lost) on 1 of 1 node (node-c)' });
    expect(skipped.nodes[0]!.message).toBe('node is lost: no heartbeat for 15 s or more');
    for (const node of [fleet.a, fleet.b]) expect(JSON.stringify(node.logs)).not.toContain(TEST_TOKEN);
  });
});
