import type { FleetGrid, FleetTarget, GridTarget, NodesList, NodeView } from '@/lib/api-types';
import { gridTarget } from '@/lib/test-views';

// Fleet shapes for tests: nodes, node lists and fleet grids with sensible defaults.

export function nodeView(fields: { id: string } & Partial<NodeView>): NodeView {
  return {
    adminUrl: `http://${fields.id}:8081`,
    version: '0.1.0',
    startedAt: 0,
    configVersion: 7,
    configCurrent: true,
    ready: true,
    lastSeenAt: 0,
    stoppedAt: null,
    status: 'up',
    requestsPerSecond: 0,
    self: false,
    ...fields,
  };
}

export function nodesList(at: number, nodes: NodeView[]): NodesList {
  return { self: nodes.find((node) => node.self)?.id ?? 'node-a', at, configVersion: 7, nodes };
}

type CellSpec = { node: string; status?: 'live' | 'unreachable' | 'lost'; cell?: Partial<GridTarget> | null };

/** A fleet target on `port`; each cell a healthy live one unless told otherwise. */
export function fleetTarget(port: number, cells: CellSpec[], fields: Partial<FleetTarget> = {}): FleetTarget {
  const id = `t-${port}`;
  const summary = {
    healthy: cells.length,
    unhealthy: 0,
    draining: 0,
    disabled: 0,
    unknown: 0,
    nodes: cells.length,
    text: `Healthy on ${cells.length} of ${cells.length} nodes`,
  };
  return {
    id,
    host: '127.0.0.1',
    port,
    weight: 100,
    priority: 0,
    summary,
    cells: cells.map(({ node, status = 'live', cell = {} }) => ({
      node,
      status,
      cell: cell === null ? null : gridTarget({ id, host: '127.0.0.1', port, ...cell }),
    })),
    ...fields,
  };
}

export function fleetGrid(nodes: string[], upstreams: FleetGrid['upstreams'], lost: string[] = []): FleetGrid {
  return {
    at: 1_000,
    self: nodes[0]!,
    nodes: nodes.map((id, index) => ({
      id,
      status: lost.includes(id) ? 'lost' : 'live',
      error: null,
      gridAt: 1_000,
      node: nodeView({ id, self: index === 0, status: lost.includes(id) ? 'lost' : 'up' }),
    })),
    upstreams,
  };
}
