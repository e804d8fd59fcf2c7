import type { FleetCell, FleetGrid, FleetTarget, GridTarget } from '@/lib/api-types';
import type { ActionFacts } from '@/lib/available-actions';
import { type BadgeState, cellLook } from '@/lib/cell-look';
import { hostPort } from '@/lib/format';

// The fleet view of the grid: per target its fleet summary and one small cell per node. The
// fleet grid arrives whole every half second (10 nodes × 200 targets is 2,000 cells), so each
// row carries a signature of what it shows, and a row whose signature did not change is the
// very same object as before: memoised rows then skip their render.

export type NodeCellState = BadgeState | 'lost' | 'unreachable';

export type NodeCellModel = {
  node: string;
  state: NodeCellState;
  /** "node-b: Unhealthy · circuit open: 5 consecutive failures", for the title and screen readers. */
  title: string;
};

/** The colour of a row's edge: the worst any node reports. */
export type RowTone = 'healthy' | 'unhealthy' | 'draining' | 'disabled' | 'unknown';

export type FleetTargetRow = {
  id: string;
  host: string;
  port: number;
  address: string;
  weight: number;
  priority: number;
  summary: FleetTarget['summary'];
  tone: RowTone;
  cells: NodeCellModel[];
  /** Facts for the actions across live nodes (the worst circuit, the latest cooldown, any rejected credentials); null when no node reported the target. */
  facts: ActionFacts | null;
  signature: string;
};

export type FleetUpstreamRow = { name: string; tiers: number[]; targets: FleetTargetRow[] };

export const NODE_CELL_TEXT: Record<NodeCellState, string> = {
  healthy: 'Healthy',
  'half-open': 'Half-open',
  unhealthy: 'Unhealthy',
  draining: 'Draining',
  disabled: 'Disabled',
  unknown: 'No data',
  lost: 'Lost',
  unreachable: 'Unreachable',
};

export function nodeCell(cell: FleetCell): NodeCellModel {
  const state: NodeCellState =
    cell.status === 'live' ? cellLook({ adminState: 'enabled', live: cell.cell ?? undefined }).badge : cell.status;
  const reasons = cell.status === 'live' && cell.cell ? cell.cell.reasons : [];
  const title = [`${cell.node}: ${NODE_CELL_TEXT[state]}`, ...reasons].join(' · ');
  return { node: cell.node, state, title };
}

const CIRCUIT_RANK: Record<GridTarget['circuit'], number> = { closed: 0, 'half-open': 1, open: 2 };

/** What the actions may offer: any live node's open circuit, running cooldown or rejected credentials. */
export function fleetFacts(cells: readonly FleetCell[]): ActionFacts | null {
  const live = cells.flatMap((cell) => (cell.status === 'live' && cell.cell ? [cell.cell] : []));
  if (live.length === 0) return null;
  let circuit: GridTarget['circuit'] = 'closed';
  let cooldownUntil: number | null = null;
  let credentials: GridTarget['credentials'] = 'accepted';
  for (const cell of live) {
    if (CIRCUIT_RANK[cell.circuit] > CIRCUIT_RANK[circuit]) circuit = cell.circuit;
    if (cell.cooldownUntil !== null && (cooldownUntil === null || cell.cooldownUntil > cooldownUntil)) cooldownUntil = cell.cooldownUntil;
    if (cell.credentials === 'rejected') credentials = 'rejected';
  }
  return { adminState: live[0]!.adminState, circuit, cooldownUntil, credentials };
}

function toneOf(summary: FleetTarget['summary']): RowTone {
  if (summary.unhealthy > 0) return 'unhealthy';
  if (summary.draining > 0) return 'draining';
  if (summary.nodes > 0 && summary.disabled === summary.nodes) return 'disabled';
  if (summary.nodes > 0 && summary.healthy === summary.nodes) return 'healthy';
  return 'unknown';
}

function targetRow(target: FleetTarget): FleetTargetRow {
  const cells = target.cells.map(nodeCell);
  const facts = fleetFacts(target.cells);
  const signature = [
    target.host,
    target.port,
    target.weight,
    target.priority,
    target.summary.text,
    facts ? `${facts.adminState}/${facts.circuit}/${facts.cooldownUntil}/${facts.credentials}` : '',
    ...cells.map((cell) => `${cell.state}|${cell.title}`),
  ].join('\n');
  return {
    id: target.id,
    host: target.host,
    port: target.port,
    address: hostPort(target),
    weight: target.weight,
    priority: target.priority,
    summary: target.summary,
    tone: toneOf(target.summary),
    cells,
    facts,
    signature,
  };
}

/**
 * The fleet view's upstreams, by name, each with its targets by priority then address. Rows
 * whose signature matches one in `previous` (by target id) are that row, unchanged.
 */
export function fleetRows(grid: FleetGrid, previous: ReadonlyMap<string, FleetTargetRow>): FleetUpstreamRow[] {
  return [...grid.upstreams]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((upstream) => {
      const targets = upstream.targets.map((target) => {
        const row = targetRow(target);
        const before = previous.get(row.id);
        return before && before.signature === row.signature ? before : row;
      });
      targets.sort((a, b) => a.priority - b.priority || a.address.localeCompare(b.address, undefined, { numeric: true }));
      return { name: upstream.name, tiers: [...new Set(targets.map((t) => t.priority))], targets };
    });
}

/** Every row by target id: the `previous` of the next call. */
export function rowsById(rows: readonly FleetUpstreamRow[]): Map<string, FleetTargetRow> {
  return new Map(rows.flatMap((upstream) => upstream.targets.map((row) => [row.id, row] as const)));
}
