import { describe, expect, it } from 'vitest';
import { fleetFacts, fleetRows, nodeCell, rowsById } from '@/lib/fleet-rows';
import { fleetGrid, fleetTarget } from '@/lib/test-fleet';

const nodes = ['node-a', 'node-b', 'node-c'];

describe('nodeCell', () => {
  it("shows a live node's cell by its state, with the reasons in its title", () => {
    const [, cell] = fleetTarget(1, [
      { node: 'node-a' },
      { node: 'node-b', cell: { state: 'unhealthy', circuit: 'open', reasons: ['circuit open: 1 consecutive failure'] } },
    ]).cells;
    expect(nodeCell(cell!)).toEqual({
      node: 'node-b',
      state: 'unhealthy',
      title: 'node-b: Unhealthy · circuit open: 1 consecutive failure',
    });
  });

  it('shows a half-open circuit as half-open, as the single-node grid does', () => {
    const [cell] = fleetTarget(1, [{ node: 'node-a', cell: { circuit: 'half-open' } }]).cells;
    expect(nodeCell(cell!).state).toBe('half-open');
  });

  it.each([
    ['lost', 'node-c: Lost'],
    ['unreachable', 'node-c: Unreachable'],
  ] as const)('shows a %s node as such, whatever cell it last had', (status, title) => {
    const [cell] = fleetTarget(1, [{ node: 'node-c', status, cell: { state: 'unhealthy', reasons: ['old news'] } }]).cells;
    expect(nodeCell(cell!)).toEqual({ node: 'node-c', state: status, title });
  });

  it('says a live node without a cell for the target has no data yet', () => {
    const [cell] = fleetTarget(1, [{ node: 'node-b', cell: null }]).cells;
    expect(nodeCell(cell!)).toEqual({ node: 'node-b', state: 'unknown', title: 'node-b: No data' });
  });
});

describe('fleetFacts', () => {
  it('offers what any live node would act on: the worst circuit, the latest cooldown', () => {
    const target = fleetTarget(1, [
      { node: 'node-a', cell: { circuit: 'half-open', cooldownUntil: 5_000 } },
      { node: 'node-b', cell: { circuit: 'open', cooldownUntil: 9_000 } },
      { node: 'node-c', cell: { circuit: 'closed' } },
    ]);
    expect(fleetFacts(target.cells)).toEqual({ adminState: 'enabled', circuit: 'open', cooldownUntil: 9_000, credentials: 'accepted' });
  });

  it("offers to clear credentials when any live node's cell has them rejected", () => {
    const target = fleetTarget(1, [
      { node: 'node-a' },
      { node: 'node-b', cell: { state: 'unhealthy', credentials: 'rejected', reasons: ['credentials rejected (401)'] } },
      { node: 'node-c' },
    ]);
    expect(fleetFacts(target.cells)).toMatchObject({ credentials: 'rejected' });
  });

  it('ignores what lost and unreachable nodes last said', () => {
    const target = fleetTarget(1, [
      { node: 'node-a' },
      { node: 'node-b', status: 'lost', cell: { circuit: 'open' } },
      { node: 'node-c', status: 'unreachable', cell: { cooldownUntil: 9_000, credentials: 'rejected' } },
    ]);
    expect(fleetFacts(target.cells)).toEqual({ adminState: 'enabled', circuit: 'closed', cooldownUntil: null, credentials: 'accepted' });
  });

  it('has nothing to offer when no node reported the target', () => {
    expect(fleetFacts(fleetTarget(1, [{ node: 'node-a', cell: null }]).cells)).toBeNull();
  });
});

describe('fleetRows', () => {
  const grid = (unhealthyOnB: boolean) =>
    fleetGrid(nodes, [
      {
        name: 'zeta',
        targets: [
          fleetTarget(
            9102,
            nodes.map((node) => ({ node, cell: node === 'node-b' && unhealthyOnB ? { state: 'unhealthy' as const } : {} })),
            {
              summary: {
                healthy: unhealthyOnB ? 2 : 3,
                unhealthy: unhealthyOnB ? 1 : 0,
                draining: 0,
                disabled: 0,
                unknown: 0,
                nodes: 3,
                text: unhealthyOnB ? 'Healthy on 2 of 3 nodes' : 'Healthy on 3 of 3 nodes',
              },
            },
          ),
          fleetTarget(
            9101,
            nodes.map((node) => ({ node })),
            { priority: 1 },
          ),
          fleetTarget(
            9100,
            nodes.map((node) => ({ node })),
          ),
        ],
      },
      { name: 'alpha', targets: [] },
    ]);

  it('orders upstreams by name and targets by priority, then address', () => {
    const rows = fleetRows(grid(false), new Map());
    expect(rows.map((row) => row.name)).toEqual(['alpha', 'zeta']);
    expect(rows[1]!.targets.map((row) => row.address)).toEqual(['127.0.0.1:9100', '127.0.0.1:9102', '127.0.0.1:9101']);
    expect(rows[1]!.tiers).toEqual([0, 1]);
    expect(rows[1]!.targets[0]!.cells.map((cell) => cell.node)).toEqual(nodes);
  });

  it('keeps every unchanged row the same object, and rebuilds the row that changed', () => {
    const first = fleetRows(grid(false), new Map());
    const second = fleetRows(grid(true), rowsById(first));
    const before = rowsById(first);
    const after = rowsById(second);
    expect(after.get('t-9100')).toBe(before.get('t-9100'));
    expect(after.get('t-9101')).toBe(before.get('t-9101'));
    expect(after.get('t-9102')).not.toBe(before.get('t-9102'));
    expect(after.get('t-9102')).toMatchObject({ tone: 'unhealthy', summary: { text: 'Healthy on 2 of 3 nodes' } });
    expect(after.get('t-9102')!.cells[1]).toEqual({ node: 'node-b', state: 'unhealthy', title: 'node-b: Unhealthy' });
  });

  it('rebuilds a row whose only change is rejected credentials, so its actions offer the clearing', () => {
    const target = (credentials: 'accepted' | 'rejected') =>
      fleetGrid(nodes, [{ name: 'zeta', targets: [fleetTarget(9100, [{ node: 'node-a', cell: { credentials } }])] }]);
    const first = fleetRows(target('accepted'), new Map());
    const second = rowsById(fleetRows(target('rejected'), rowsById(first))).get('t-9100')!;
    expect(second).not.toBe(rowsById(first).get('t-9100'));
    expect(second.facts).toMatchObject({ credentials: 'rejected' });
  });

  it('paints a row by the worst any node reports', () => {
    const rows = fleetRows(grid(false), new Map());
    expect(rows[1]!.targets[0]!.tone).toBe('healthy');
    expect(rowsById(fleetRows(grid(true), new Map())).get('t-9102')!.tone).toBe('unhealthy');
  });
});
