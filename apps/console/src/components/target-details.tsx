'use client';

import type { GridTarget } from '@/lib/api-types';
import { formatClock, formatSpan } from '@/lib/format';
import { useNow } from '@/lib/use-now';
import './target-cell.css';

// The time-bound facts of a cell: circuit, last probe, drain time left, cooldown left.
// Countdowns tick locally between snapshots.

const CIRCUIT_LABELS: Record<GridTarget['circuit'], string> = { closed: 'closed', open: 'open', 'half-open': 'half-open' };
const CIRCUIT_CLASSES: Record<GridTarget['circuit'], string | undefined> = {
  closed: undefined,
  open: 'text-unhealthy',
  'half-open': 'text-draining',
};

/** When the last probe ran; a disabled target is not probed, so it awaits nothing. */
function lastProbe(live: GridTarget, now: number): string {
  if (live.active === 'off') return 'checks off';
  if (live.lastProbeAt) return `${formatClock(live.lastProbeAt)} (${formatSpan(now - live.lastProbeAt)} ago)`;
  return live.adminState === 'disabled' ? 'none while disabled' : 'never';
}

export function TargetDetails({ live }: { live: GridTarget }) {
  const now = useNow();
  return (
    <dl className="cell-metrics cell-details">
      <div data-testid="circuit" data-circuit={live.circuit}>
        <dt>Circuit</dt>
        <dd className={CIRCUIT_CLASSES[live.circuit]}>{CIRCUIT_LABELS[live.circuit]}</dd>
      </div>
      <div data-testid="last-probe">
        <dt>Last probe</dt>
        <dd title={live.lastProbeAt ? new Date(live.lastProbeAt).toISOString() : undefined}>{lastProbe(live, now)}</dd>
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
