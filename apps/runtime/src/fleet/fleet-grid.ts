import type { DisplayState } from '@headwater/core';
import type { GridSnapshot, GridTarget } from '../state/grid.ts';
import type { NodeView } from './node-view.ts';

/** How a node's cells came to be: its own grid (`live`), no answer (`unreachable`), or no heartbeat (`lost`). */
export type FleetNodeStatus = 'live' | 'unreachable' | 'lost';

export interface FleetNode {
  id: string;
  status: FleetNodeStatus;
  /** Why its cells are empty (unreachable: what failed; lost: since when it stopped, or has been silent), null while live. */
  error: string | null;
  /** Epoch ms (the node's clock) of the grid its cells come from; null when none came. */
  gridAt: number | null;
  node: NodeView;
}

/** A target's state over the fleet: how many nodes see it in each state (nodes not lost only). */
export interface FleetSummary {
  healthy: number;
  unhealthy: number;
  draining: number;
  disabled: number;
  /** Nodes without a cell for it: unreachable, or live without the target yet (config behind). */
  unknown: number;
  /** Nodes that are not lost; the five counts add up to it. */
  nodes: number;
  /** e.g. "Healthy on 2 of 3 nodes · unhealthy on 1". */
  text: string;
}

export interface FleetCell {
  node: string;
  status: FleetNodeStatus;
  cell: GridTarget | null;
}

export interface FleetTarget {
  id: string;
  host: string;
  port: number;
  weight: number;
  priority: number;
  summary: FleetSummary;
  /** One per node, in the order of `FleetGrid.nodes`. */
  cells: FleetCell[];
}

export interface FleetUpstream {
  name: string;
  targets: FleetTarget[];
}

/** The live grid of every node: one cell per target and node, and a summary per target. */
export interface FleetGrid {
  /** Epoch ms when this node built it. */
  at: number;
  /** The node that built it (the one the console watches). */
  self: string;
  /** This node first, then the rest as the node registry lists them. */
  nodes: FleetNode[];
  /** This node's upstreams and targets (its config snapshot: the stored truth). */
  upstreams: FleetUpstream[];
}

/** What the fleet grid reads of a node's grid: each upstream's cells (a GridSnapshot is one). */
export interface PeerGrid {
  node: string;
  at: number;
  upstreams: Array<{ name: string; targets: GridTarget[] }>;
}

/** What the fan-out last heard from a peer: its grid indexed by target id, or why there is none. */
export type PeerGridState = { ok: true; grid: PeerGrid; cells: Map<string, GridTarget> } | { ok: false; error: string };

/** A node's grid indexed by target id, once per answer rather than once per target. */
export function peerGridState(grid: PeerGrid): PeerGridState {
  const cells = new Map<string, GridTarget>();
  for (const upstream of grid.upstreams) for (const target of upstream.targets) cells.set(target.id, target);
  return { ok: true, grid, cells };
}

export interface FleetGridInput {
  self: string;
  /** The directory's list (this node included). */
  nodes: NodeView[];
  local: GridSnapshot;
  /** What each `up` peer last answered; a peer missing here has not answered yet. */
  peers: ReadonlyMap<string, PeerGridState>;
  at: number;
}

/** Assembles the fleet grid: this node's targets, each with every node's cell matched by target id. */
export function buildFleetGrid({ self, nodes, local, peers, at }: FleetGridInput): FleetGrid {
  const ordered = [...nodes.filter((node) => node.id === self), ...nodes.filter((node) => node.id !== self)];
  const fleetNodes = ordered.map((node) => fleetNode(node, self, local, peers.get(node.id), at));
  const localCells = peerGridState(local);
  const sources = fleetNodes.map((node) => (node.id === self ? localCells : node.status === 'live' ? peers.get(node.id) : undefined));
  const upstreams = local.upstreams.map(
    (upstream): FleetUpstream => ({
      name: upstream.name,
      targets: upstream.targets.map((target): FleetTarget => {
        const cells = fleetNodes.map((node, index): FleetCell => {
          const source = sources[index];
          return { node: node.id, status: node.status, cell: source?.ok ? (source.cells.get(target.id) ?? null) : null };
        });
        const { id, host, port, weight, priority } = target;
        return { id, host, port, weight, priority, summary: fleetSummary(cells), cells };
      }),
    }),
  );
  return { at, self, nodes: fleetNodes, upstreams };
}

function fleetNode(node: NodeView, self: string, local: GridSnapshot, peer: PeerGridState | undefined, at: number): FleetNode {
  if (node.id === self) return { id: node.id, status: 'live', error: null, gridAt: local.at, node };
  if (node.status === 'lost') {
    const secondsSince = (ms: number) => Math.max(0, Math.round((at - ms) / 1000));
    const error =
      node.stoppedAt !== null ? `stopped ${secondsSince(node.stoppedAt)} s ago` : `no heartbeat for ${secondsSince(node.lastSeenAt)} s`;
    return { id: node.id, status: 'lost', error, gridAt: null, node };
  }
  if (!peer) return { id: node.id, status: 'unreachable', error: 'has not answered yet', gridAt: null, node };
  if (!peer.ok) return { id: node.id, status: 'unreachable', error: peer.error, gridAt: null, node };
  return { id: node.id, status: 'live', error: null, gridAt: peer.grid.at, node };
}

const stateOrder: DisplayState[] = ['healthy', 'unhealthy', 'draining', 'disabled'];

/** Counts a target's cells by state over the nodes that are not lost, and says it in one line. */
export function fleetSummary(cells: readonly FleetCell[]): FleetSummary {
  const counts = { healthy: 0, unhealthy: 0, draining: 0, disabled: 0, unknown: 0 };
  let nodes = 0;
  for (const { status, cell } of cells) {
    if (status === 'lost') continue;
    nodes++;
    counts[cell ? cell.state : 'unknown']++;
  }
  const others = [...stateOrder.slice(1), 'unknown' as const]
    .filter((state) => counts[state] > 0)
    .map((state) => `${state} on ${counts[state]}`);
  const text = [`Healthy on ${counts.healthy} of ${nodes} ${nodes === 1 ? 'node' : 'nodes'}`, ...others].join(' · ');
  return { ...counts, nodes, text };
}
