import Link from 'next/link';
import { memo } from 'react';
import type { UpstreamView } from '@/lib/api-types';
import type { NodeChoice } from '@/lib/fleet-summary';
import { type FleetTargetRow, type FleetUpstreamRow, NODE_CELL_TEXT, type NodeCellModel } from '@/lib/fleet-rows';
import { TargetActions } from '@/components/target-actions';
import { UpstreamPanel } from '@/components/upstream-panel';
import './target-cell.css';
import './fleet-panel.css';

// One upstream in the fleet view: per target its fleet summary ("Healthy on 2 of 3 nodes")
// and one small cell per node. Rows are memoised on their model (fleet-rows.ts keeps an
// unchanged row the same object), and a node's cell is a plain element: 10 nodes × 200
// targets is 2,000 of them, redrawn only where something changed.

const GLYPHS: Record<NodeCellModel['state'], string> = {
  healthy: '✓',
  'half-open': '◐',
  unhealthy: '✕',
  draining: '↘',
  disabled: '○',
  unknown: '…',
  lost: '?',
  unreachable: '!',
};

type FleetPanelProps = {
  row: FleetUpstreamRow;
  config: UpstreamView | undefined;
  stale: boolean;
  nodes: readonly NodeChoice[];
};

export function FleetUpstreamPanel({ row, config, stale, nodes }: FleetPanelProps) {
  return (
    <UpstreamPanel name={row.name} config={config} empty={row.targets.length === 0}>
      {row.tiers.map((priority) => (
        <div key={priority} className="tier">
          {row.tiers.length > 1 && <h3 className="tier-title">Priority {priority}</h3>}
          <ul className="cells" aria-label={`${row.name} targets${row.tiers.length > 1 ? `, priority ${priority}` : ''}`}>
            {row.targets
              .filter((target) => target.priority === priority)
              .map((target) => (
                <FleetTarget key={target.id} row={target} stale={stale} nodes={nodes} />
              ))}
          </ul>
        </div>
      ))}
    </UpstreamPanel>
  );
}

const FleetTarget = memo(function FleetTarget({
  row,
  stale,
  nodes,
}: {
  row: FleetTargetRow;
  stale: boolean;
  nodes: readonly NodeChoice[];
}) {
  return (
    <li
      className={`cell fleet-target cell-${row.tone}${stale ? ' cell-stale' : ''}`}
      data-testid={`fleet-target-${row.address}`}
      data-tone={row.tone}
    >
      <div className="cell-head">
        <span className="mono cell-address" title={row.address}>
          {row.address}
        </span>
        <span className="fleet-weight muted">
          weight {row.weight} · priority {row.priority}
        </span>
      </div>
      <p className={`fleet-summary fleet-summary-${row.tone}`} data-testid="fleet-summary">
        {row.summary.text}
      </p>
      <ul className="node-cells" aria-label={`${row.address} on each node`}>
        {row.cells.map((cell) => (
          <li
            key={cell.node}
            className={`node-cell node-cell-${cell.state}`}
            data-node={cell.node}
            data-state={cell.state}
            title={cell.title}
          >
            <span className="node-cell-glyph" aria-hidden="true">
              {GLYPHS[cell.state]}
            </span>
            {cell.node}
            <span className="visually-hidden">: {NODE_CELL_TEXT[cell.state]}</span>
          </li>
        ))}
      </ul>
      <div className="cell-foot">
        {row.facts && <TargetActions id={row.id} address={row.address} live={row.facts} nodes={nodes} />}
        <Link href={`/targets/${encodeURIComponent(row.id)}`} className="cell-history" aria-label={`History of target ${row.address}`}>
          History
        </Link>
      </div>
    </li>
  );
});
