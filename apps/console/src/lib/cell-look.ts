import type { GridTarget, TargetState } from '@/lib/api-types';

// How a grid cell presents a target: the state it reports (the runtime's, by precedence), the
// badge it wears, and the share of a full weight it takes while that is below 100 %. A half-open
// circuit is Healthy by precedence, but takes only trial traffic at 10 %: the cell says so.

export type CellState = TargetState | 'unknown';
export type BadgeState = CellState | 'half-open';

export type CellLook = {
  /** The runtime's display state; 'unknown' until the live grid knows the target. */
  state: CellState;
  badge: BadgeState;
  /** The ramp below a full weight: slow start after a recovery, or a half-open circuit's trial share. */
  ramp: { label: 'Slow start' | 'Trial share'; pct: number } | null;
  /** The cell's state in words, for its accessible name. */
  spoken: string;
  /** Shown in place of reasons while the live grid has not reported the target. */
  note: string | null;
};

export function cellLook(row: { adminState: GridTarget['adminState']; live: GridTarget | undefined }): CellLook {
  const { live } = row;
  if (!live) {
    // A disabled target's state is config, known before any live report; nothing is awaited.
    if (row.adminState === 'disabled') return { state: 'disabled', badge: 'disabled', ramp: null, spoken: 'disabled', note: null };
    return { state: 'unknown', badge: 'unknown', ramp: null, spoken: 'no live data yet', note: 'awaiting live state' };
  }
  const pct = live.slowStartPct;
  if (live.state === 'healthy' && live.circuit === 'half-open') {
    const ramp = pct === null ? null : { label: 'Trial share' as const, pct };
    const share = ramp ? `: ${ramp.pct}% trial share` : '';
    return { state: live.state, badge: 'half-open', ramp, spoken: `healthy, circuit half-open${share}`, note: null };
  }
  const ramp = pct !== null && pct < 100 ? { label: 'Slow start' as const, pct } : null;
  const spoken = ramp ? `${live.state}, slow start at ${ramp.pct}%` : live.state;
  return { state: live.state, badge: live.state, ramp, spoken, note: null };
}
