'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useRef } from 'react';
import type { FleetGrid, GridSnapshot, UpstreamView } from '@/lib/api-types';
import type { Connection } from '@/lib/connection';
import { type FleetTargetRow, type FleetUpstreamRow, fleetRows, rowsById } from '@/lib/fleet-rows';
import { type GridView, type Members, membersOfGrid, membersOfList, type NodeChoice, nodeSnapshot, resolveView } from '@/lib/fleet-summary';
import { mergeGrid, type UpstreamRow } from '@/lib/merge-grid';
import { useTRPC } from '@/lib/trpc';
import { useLiveFleet } from '@/lib/use-live-fleet';
import { useLiveGrid } from '@/lib/use-live-grid';

// What the dashboard shows for the view asked for (`?view=`): the nodes come from `nodes.list`
// (every 5 s) until the fleet stream says more; only the stream the view needs is open.

const NODES_REFRESH_MS = 5_000;

export type DashboardGrid = {
  view: GridView;
  /** The nodes of the fleet, for the switch; undefined until known. */
  members: Members | undefined;
  /** The same array until a node comes, goes or is lost: for the actions' node choice. */
  choices: NodeChoice[];
  fleet: FleetGrid | undefined;
  fleetRows: FleetUpstreamRow[];
  /** This node's own stream. */
  own: GridSnapshot | undefined;
  /** One node's rows (this node's, or a peer's out of the fleet grid); empty in the fleet view. */
  rows: UpstreamRow[];
  /** The stream shown: whose cells, taken when, and whether it is live. */
  live: {
    connection: Connection;
    node: string | undefined;
    at: number | undefined;
    error: string | undefined;
    retryNow: (() => void) | undefined;
  };
};

export function useDashboardGrid(asked: string | null, list: UpstreamView[] | undefined): DashboardGrid {
  const trpc = useTRPC();
  const listed = useQuery({ ...trpc.nodes.list.queryOptions(), refetchInterval: NODES_REFRESH_MS });
  const view = resolveView(asked, listed.data && membersOfList(listed.data));
  const fleet = useLiveFleet(view.kind !== 'self');
  const own = useLiveGrid(view.kind === 'self');
  // The fleet stream's word on the nodes is fresher (it says which answered); the list's otherwise.
  const members = view.kind !== 'self' && fleet.grid ? membersOfGrid(fleet.grid) : listed.data && membersOfList(listed.data);
  const choices = useNodeChoices(members);
  const rowsOfFleet = useFleetRows(view.kind === 'fleet' ? fleet.grid : undefined);
  const peer = view.kind === 'node' ? view.node : undefined;
  const snapshot = useMemo(() => {
    if (view.kind === 'fleet') return undefined;
    return peer ? fleet.grid && nodeSnapshot(fleet.grid, peer) : own.snapshot;
  }, [view.kind, peer, fleet.grid, own.snapshot]);
  const rows = useMemo(() => mergeGrid(list, snapshot), [list, snapshot]);
  const live =
    view.kind === 'self'
      ? { ...own, node: own.snapshot?.node, at: own.snapshot?.at }
      : { ...fleet, node: peer ?? fleet.grid?.self, at: snapshot?.at ?? fleet.grid?.at };
  return { view, members, choices, fleet: fleet.grid, fleetRows: rowsOfFleet, own: own.snapshot, rows, live };
}

/** The fleet view's rows, each the same object as before while it shows the same (fleet-rows.ts). */
function useFleetRows(grid: FleetGrid | undefined): FleetUpstreamRow[] {
  const previous = useRef(new Map<string, FleetTargetRow>());
  return useMemo(() => {
    if (!grid) return [];
    const rows = fleetRows(grid, previous.current);
    previous.current = rowsById(rows);
    return rows;
  }, [grid]);
}

function useNodeChoices(members: Members | undefined): NodeChoice[] {
  const key = JSON.stringify(members?.nodes.map((node) => [node.id, node.status === 'lost']) ?? []);
  return useMemo(() => (JSON.parse(key) as Array<[string, boolean]>).map(([id, lost]) => ({ id, lost })), [key]);
}
