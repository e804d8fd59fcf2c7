import { describe, expect, it } from 'vitest';
import { testCell, testGrid, testNode } from '../../test/support/fake-peer.ts';
import { buildFleetGrid, fleetSummary, type PeerGridState, peerGridState } from './fleet-grid.ts';

const AT = 1_000_000;
const local = testGrid('a', AT - 5, [testCell('t1'), testCell('t2', { state: 'draining', adminState: 'draining' })]);
const nodes = [
  testNode('c', 'http://c:8081'),
  testNode('a', 'http://a:8081', { self: true }),
  testNode('b', 'http://b:8081'),
  testNode('d', 'http://d:8081', { status: 'lost', lastSeenAt: AT - 20_000 }),
  testNode('e', 'http://e:8081'),
];

describe('buildFleetGrid', () => {
  const peers = new Map<string, PeerGridState>([
    ['b', peerGridState(testGrid('b', AT - 40, [testCell('t1', { state: 'unhealthy', reasons: ['circuit open'] }), testCell('t9')]))],
    ['c', { ok: false, error: 'did not answer within 1 s' }],
  ]);
  const grid = buildFleetGrid({ self: 'a', nodes, local, peers, at: AT });

  it('lists this node first, then the others in the directory order, each with how its cells came to be', () => {
    expect(grid.nodes.map(({ id, status, error, gridAt }) => ({ id, status, error, gridAt }))).toEqual([
      { id: 'a', status: 'live', error: null, gridAt: AT - 5 },
      { id: 'c', status: 'unreachable', error: 'did not answer within 1 s', gridAt: null },
      { id: 'b', status: 'live', error: null, gridAt: AT - 40 },
      { id: 'd', status: 'lost', error: 'no heartbeat for 20 s', gridAt: null },
      { id: 'e', status: 'unreachable', error: 'has not answered yet', gridAt: null },
    ]);
    expect(grid).toMatchObject({ at: AT, self: 'a' });
  });

  it("takes the targets from this node's grid and each node's cell by target id, one cell per node in the nodes' order", () => {
    expect(grid.upstreams.map((u) => [u.name, u.targets.map((t) => t.id)])).toEqual([['pool', ['t1', 't2']]]); // t9: only b has it
    const [t1, t2] = grid.upstreams[0]!.targets;
    expect(t1!.cells.map(({ node, status, cell }) => [node, status, cell?.state ?? null])).toEqual([
      ['a', 'live', 'healthy'],
      ['c', 'unreachable', null],
      ['b', 'live', 'unhealthy'],
      ['d', 'lost', null],
      ['e', 'unreachable', null],
    ]);
    expect(t1!.cells[2]!.cell?.reasons).toEqual(['circuit open']);
    expect(t2!.cells.map((cell) => cell.cell?.state ?? null)).toEqual(['draining', null, null, null, null]); // b lacks t2: config behind
  });

  it('sums each target over the nodes that are not lost, counting a missing cell as unknown', () => {
    const [t1, t2] = grid.upstreams[0]!.targets;
    expect(t1!.summary).toEqual({
      healthy: 1,
      unhealthy: 1,
      draining: 0,
      disabled: 0,
      unknown: 2,
      nodes: 4,
      text: 'Healthy on 1 of 4 nodes · unhealthy on 1 · unknown on 2',
    });
    expect(t2!.summary).toMatchObject({ healthy: 0, draining: 1, unknown: 3, nodes: 4 });
  });

  it('says since when a node that stopped cleanly is lost, and leaves it out like any lost node', () => {
    const stopped = testNode('s', 'http://s:8081', { status: 'lost', lastSeenAt: AT - 3_000, stoppedAt: AT - 3_000 });
    const withStopped = buildFleetGrid({ self: 'a', nodes: [nodes[1]!, stopped], local, peers, at: AT });
    expect(withStopped.nodes[1]).toMatchObject({ id: 's', status: 'lost', error: 'stopped 3 s ago', gridAt: null });
    expect(withStopped.upstreams[0]!.targets[0]!.summary).toMatchObject({ healthy: 1, nodes: 1 });
  });
});

describe('fleetSummary', () => {
  const cell = (node: string, state: 'healthy' | 'unhealthy' | 'disabled') => ({
    node,
    status: 'live' as const,
    cell: testCell('t', { state }),
  });

  it('says "Healthy on 2 of 3 nodes" and names each other state with its count', () => {
    expect(fleetSummary([cell('a', 'healthy'), cell('b', 'healthy'), cell('c', 'unhealthy')]).text).toBe(
      'Healthy on 2 of 3 nodes · unhealthy on 1',
    );
    expect(fleetSummary([cell('a', 'healthy'), cell('b', 'healthy')]).text).toBe('Healthy on 2 of 2 nodes');
    expect(fleetSummary([cell('a', 'disabled')]).text).toBe('Healthy on 0 of 1 node · disabled on 1');
  });

  it('leaves lost nodes out of the count altogether', () => {
    const summary = fleetSummary([cell('a', 'healthy'), { node: 'b', status: 'lost', cell: null }]);
    expect(summary).toMatchObject({ healthy: 1, unknown: 0, nodes: 1, text: 'Healthy on 1 of 1 node' });
  });
});
