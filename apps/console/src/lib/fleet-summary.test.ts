import { describe, expect, it } from 'vitest';
import { fleetCounts, membersOfGrid, membersOfList, nodeSnapshot, resolveView } from '@/lib/fleet-summary';
import { fleetGrid, fleetTarget, nodesList, nodeView } from '@/lib/test-fleet';

const nodes = ['node-a', 'node-b', 'node-c'];
const summary = (healthy: number, unhealthy: number, of: number) => ({
  healthy,
  unhealthy,
  draining: 0,
  disabled: 0,
  unknown: of - healthy - unhealthy,
  nodes: of,
  text: `Healthy on ${healthy} of ${of} nodes`,
});

describe('fleetCounts', () => {
  it('counts nodes by status and targets healthy everywhere or unhealthy somewhere', () => {
    const grid = fleetGrid(
      nodes,
      [
        {
          name: 'chat',
          targets: [
            fleetTarget(1, [{ node: 'node-a' }], { summary: summary(2, 0, 2) }),
            fleetTarget(2, [{ node: 'node-a' }], { summary: summary(1, 1, 2) }),
            fleetTarget(3, [{ node: 'node-a' }], { summary: summary(1, 0, 2) }),
          ],
        },
        { name: 'embed', targets: [] },
      ],
      ['node-c'],
    );
    grid.nodes[1]!.status = 'unreachable';
    expect(fleetCounts(grid)).toEqual({
      upstreams: 2,
      targets: 3,
      nodes: 3,
      live: 1,
      unreachable: 1,
      lost: 1,
      healthyEverywhere: 1,
      unhealthySomewhere: 1,
    });
  });

  it('does not call a target healthy everywhere when no node reports it', () => {
    const grid = fleetGrid(nodes, [{ name: 'chat', targets: [fleetTarget(1, [], { summary: summary(0, 0, 0) })] }]);
    expect(fleetCounts(grid).healthyEverywhere).toBe(0);
  });
});

describe('nodeSnapshot', () => {
  it("takes one node's cells out of the fleet grid, skipping targets it has no cell for", () => {
    const grid = fleetGrid(nodes, [
      {
        name: 'chat',
        targets: [
          fleetTarget(1, [{ node: 'node-a' }, { node: 'node-b', cell: { state: 'unhealthy', circuit: 'open' } }]),
          fleetTarget(2, [{ node: 'node-a' }, { node: 'node-b', status: 'unreachable', cell: null }]),
        ],
      },
    ]);
    grid.nodes[1]!.gridAt = 900;
    const snapshot = nodeSnapshot(grid, 'node-b');
    expect(snapshot.node).toBe('node-b');
    expect(snapshot.at).toBe(900);
    expect(snapshot.upstreams).toHaveLength(1);
    expect(snapshot.upstreams[0]!.targets.map((t) => [t.port, t.state, t.circuit])).toEqual([[1, 'unhealthy', 'open']]);
  });
});

describe('resolveView', () => {
  const fleet = membersOfGrid(fleetGrid(nodes, []));
  const single = membersOfGrid(fleetGrid(['node-a'], []));
  const restarted = membersOfList(nodesList(0, [nodeView({ id: 'node-a', self: true }), nodeView({ id: 'node-old', status: 'lost' })]));

  it.each([
    ['the fleet by default when more than one node is up', null, fleet, { kind: 'fleet' }],
    ['this node by default in a fleet of one', null, single, { kind: 'self' }],
    ['this node by default when the others are lost', null, restarted, { kind: 'self' }],
    ['this node while the nodes are not known yet', null, undefined, { kind: 'self' }],
    ['the fleet when asked, even of one node', 'fleet', single, { kind: 'fleet' }],
    ['this node when asked by its id', 'node-a', fleet, { kind: 'self' }],
    ['a peer when asked by its id', 'node-b', fleet, { kind: 'node', node: 'node-b' }],
    ['a lost peer when asked by its id', 'node-old', restarted, { kind: 'node', node: 'node-old' }],
    ['the default for a node the fleet does not list', 'node-z', fleet, { kind: 'fleet' }],
  ])('%s', (_, asked, members, expected) => {
    expect(resolveView(asked, members)).toEqual(expected);
  });
});
