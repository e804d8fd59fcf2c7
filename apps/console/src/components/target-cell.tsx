import type { GridRow } from '@/lib/merge-grid';
import { hostPort } from '@/lib/format';
import { type CellState, StateBadge } from '@/components/state-badge';
import { TargetActions } from '@/components/target-actions';
import { TargetDetails } from '@/components/target-details';
import { TargetTraffic } from '@/components/target-traffic';
import './target-cell.css';

// One cell of the live grid: everything an operator needs to judge a target at a glance.

export function TargetCell({ row, stale }: { row: GridRow; stale: boolean }) {
  const state: CellState = row.live?.state ?? 'unknown';
  const address = hostPort(row);
  const slowStart = row.live?.slowStartPct;
  return (
    <li
      className={`cell cell-${state}${stale ? ' cell-stale' : ''}`}
      data-testid={`cell-${row.host}:${row.port}`}
      data-state={state}
      aria-label={`${address}: ${state === 'unknown' ? 'no live data yet' : state}`}
    >
      <div className="cell-head">
        <span className="mono cell-address" title={address}>
          {address}
        </span>
        <StateBadge state={state} />
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
        <div>
          <dt>Slow start</dt>
          <dd>{slowStart === null || slowStart === undefined ? '–' : `${Math.round(slowStart)}%`}</dd>
        </div>
      </dl>
      {slowStart !== null && slowStart !== undefined && slowStart < 100 && (
        <div className="ramp" aria-hidden="true">
          <div className="ramp-fill" style={{ width: `${Math.max(0, Math.min(100, slowStart))}%` }} />
        </div>
      )}
      {row.live && row.live.reasons.length > 0 && (
        <ul className="reasons">
          {row.live.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
      {!row.live && <p className="reasons muted">awaiting live state</p>}
      {row.live && <TargetTraffic live={row.live} />}
      {row.live && <TargetDetails live={row.live} />}
      {row.live && <TargetActions id={row.live.id} address={address} live={row.live} />}
    </li>
  );
}
