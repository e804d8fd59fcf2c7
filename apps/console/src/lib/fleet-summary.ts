import type { FleetGrid, FleetNode, GridSnapshot, NodesList, NodeView } from '@/lib/api-types';

// The fleet view's page summary, and the grid of one node taken out of the fleet grid.

export type FleetCounts = {
  upstreams: number;
  targets: number;
  nodes: number;
  /** Nodes whose live grid this answer has (the answering node and every peer that answered). */
  live: number;
  unreachable: number;
  lost: number;
  /** Targets healthy on every node that is not lost. */
  healthyEverywhere: number;
  /** Targets unhealthy on at least one node. */
  unhealthySomewhere: number;
};

export function fleetCounts(grid: FleetGrid): FleetCounts {
  const counts: FleetCounts = {
    upstreams: grid.upstreams.length,
    targets: 0,
    nodes: grid.nodes.length,
    live: 0,
    unreachable: 0,
    lost: 0,
    healthyEverywhere: 0,
    unhealthySomewhere: 0,
  };
  for (const node of grid.nodes) counts[node.status] += 1;
  for (const upstream of grid.upstreams) {
    for (const { summary } of upstream.targets) {
      counts.targets += 1;
      if (summary.nodes > 0 && summary.healthy === summary.nodes) counts.healthyEverywhere += 1;
      if (summary.unhealthy > 0) counts.unhealthySomewhere += 1;
    }
  }
  return counts;
}

/**
 * One node's grid as the fleet grid has it: its cell of every target (a node that did not
 * answer has none). Tiers and proxies are the answering node's own business: not included.
 */
export function nodeSnapshot(grid: FleetGrid, node: string): GridSnapshot {
  const entry = grid.nodes.find((candidate) => candidate.id === node);
  return {
    node,
    at: entry?.gridAt ?? grid.at,
    upstreams: grid.upstreams.map((upstream) => ({
      name: upstream.name,
      proxy: null,
      tiers: [],
      targets: upstream.targets.flatMap((target) => {
        const cell = target.cells.find((candidate) => candidate.node === node)?.cell;
        return cell ? [cell] : [];
      }),
    })),
  };
}

/** What the dashboard shows: the whole fleet, or one node's cells (this node's from its own stream). */
export type GridView = { kind: 'fleet' } | { kind: 'self' } | { kind: 'node'; node: string };

/** A node as the dashboard's switch shows it: from the node list (up, lost) or the fleet grid (live, unreachable, lost). */
export type Member = { id: string; status: NodeView['status'] | FleetNode['status'] };
export type Members = { self: string; nodes: readonly Member[] };
/** A node a live action (reset circuit, end cooldown, clear credentials) may be aimed at. */
export type NodeChoice = { id: string; lost: boolean };

export const membersOfList = (list: NodesList): Members => ({ self: list.self, nodes: list.nodes });
export const membersOfGrid = (grid: FleetGrid): Members => ({ self: grid.self, nodes: grid.nodes });

/**
 * The view asked for (`?view=`), or by default the fleet when more than one node is up and this
 * node otherwise (a node restarted under a new name leaves a lost one behind for a day: that is
 * not a fleet). A node the fleet no longer lists falls back to the default.
 */
export function resolveView(asked: string | null, members: Members | undefined): GridView {
  if (asked === 'fleet') return { kind: 'fleet' };
  if (asked && members?.nodes.some((node) => node.id === asked)) {
    return asked === members.self ? { kind: 'self' } : { kind: 'node', node: asked };
  }
  const up = members?.nodes.filter((node) => node.status !== 'lost').length ?? 0;
  return up > 1 ? { kind: 'fleet' } : { kind: 'self' };
}
