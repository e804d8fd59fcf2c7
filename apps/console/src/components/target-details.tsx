'use client';

import type { GridTarget } from '@/lib/api-types';
import { formatClock, formatSpan } from '@/lib/format';
import { useNow } from '@/lib/use-now';
import './target-cell.css';

// The time-bound facts of a cell: circuit, last probe, drain time left, cooldown left.
// Countdowns tick locally between snapshots.

const CIRCUIT_LABELS: Record<GridTarget['circuit'], string> = { closed: 'closed', open: 'open', 'half-open': 'half-open' };

export function TargetDetails({ live }: { live: GridTarget }) {
  const now = useNow();
  return (
    <dl className="cell-metrics cell-details">
      <div data-testid="circuit" data-circuit={live.circuit}>
        <dt>Circuit</dt>
        <dd className={live.circuit === 'closed' ? undefined : 'text-unhealthy'}>{CIRCUIT_LABELS[live.circuit]}</dd>
      </div>
      <div data-testid="last-probe">
        <dt>Last probe</dt>
        <dd title={live.lastProbeAt ? new Date(live.lastProbeAt).toISOString() : undefined}>
          {live.active === 'off'
            ? 'checks off'
            : live.lastProbeAt
              ? `${formatClock(live.lastProbeAt)} (${formatSpan(now - live.lastProbeAt)} ago)`
              : 'never'}
        </dd>
      </div>
      {live.drainDeadline !== null && (
        <div data-testid="drain-left">
          <dt>Drain ends in</dt>
          <dd className="text-draining">{formatSpan(live.drainDeadline - now)}</dd>
        </div>
      )}
      {live.cooldownUntil !== null && live.cooldownUntil > now && (
        <div data-testid="cooldown-left">
          <dt>Cooldown</dt>
          <dd className="text-draining">{formatSpan(live.cooldownUntil - now)}</dd>
        </div>
      )}
    </dl>
  );
}
