import Link from 'next/link';
import { memo } from 'react';
import { cellLook } from '@/lib/cell-look';
import type { NodeChoice } from '@/lib/fleet-summary';
import { hostPort } from '@/lib/format';
import type { GridRow } from '@/lib/merge-grid';
import { sameGridRow } from '@/lib/same-grid-row';
import { StateBadge } from '@/components/state-badge';
import { TargetActions } from '@/components/target-actions';
import { TargetDetails } from '@/components/target-details';
import { TargetTraffic } from '@/components/target-traffic';
import './target-cell.css';

// One cell of the live grid: everything an operator needs to judge a target at a glance, and
// the way to its history. Re-rendered only when what it shows changed (same-grid-row.ts).

type TargetCellProps = {
  row: GridRow;
  stale: boolean;
  /** The node whose cell this is: live actions go there unless the operator picks another. */
  node?: string;
  /** The fleet's nodes, for the live actions' node choice. */
  nodes?: readonly NodeChoice[];
};

export const TargetCell = memo(
  TargetCellView,
  (a, b) => a.stale === b.stale && a.node === b.node && a.nodes === b.nodes && sameGridRow(a.row, b.row),
);

function TargetCellView({ row, stale, node, nodes }: TargetCellProps) {
  const look = cellLook(row);
  const address = hostPort(row);
  return (
    <li
      className={`cell cell-${look.state}${look.badge === 'half-open' ? ' cell-half-open' : ''}${stale ? ' cell-stale' : ''}`}
      data-testid={`cell-${row.host}:${row.port}`}
      data-state={look.state}
      data-circuit={row.live?.circuit ?? ''}
      aria-label={`${address}: ${look.spoken}`}
    >
      <div className="cell-head">
        <span className="mono cell-address" title={address}>
          {address}
        </span>
        <StateBadge state={look.badge} />
      </div>
      <dl className="cell-metrics">
        <div>
          <dt>Weight</dt>
          <dd>{row.weight}</dd>
        </div>
        <div>
          <dt>Priority</dt>
          <dd>{row.priority}</dd>
        </div>
        <div>
          <dt>In flight</dt>
          <dd>{row.live ? row.live.inFlight : '–'}</dd>
        </div>
        <div data-testid="ramp" data-ramp={look.ramp?.pct ?? ''}>
          <dt>{look.ramp?.label ?? 'Slow start'}</dt>
          <dd>{look.ramp ? `${Math.round(look.ramp.pct)}%` : '–'}</dd>
        </div>
      </dl>
      {look.ramp && (
        <div className={`ramp${look.badge === 'half-open' ? ' ramp-trial' : ''}`} aria-hidden="true">
          <div className="ramp-fill" style={{ width: `${Math.max(0, Math.min(100, look.ramp.pct))}%` }} />
        </div>
      )}
      {row.live && row.live.reasons.length > 0 && (
        <ul className="reasons" data-testid="reasons">
          {row.live.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {look.note && <p className="reasons muted">{look.note}</p>}
      {row.live && <TargetTraffic live={row.live} />}
      {row.live && <TargetDetails live={row.live} />}
      <div className="cell-foot">
        {row.live && <TargetActions id={row.live.id} address={address} live={row.live} node={node} nodes={nodes} />}
        <Link href={`/targets/${encodeURIComponent(row.key)}`} className="cell-history" aria-label={`History of target ${address}`}>
          History
        </Link>
      </div>
    </li>
  );
}
