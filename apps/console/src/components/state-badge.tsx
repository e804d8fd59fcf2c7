import type { TargetState } from '@/lib/api-types';
import './state-badge.css';

// A state is always shown as text plus a shape, never by colour alone.

export type CellState = TargetState | 'unknown';

const LABELS: Record<CellState, { text: string; glyph: string }> = {
  healthy: { text: 'Healthy', glyph: '✓' },
  unhealthy: { text: 'Unhealthy', glyph: '✕' },
  draining: { text: 'Draining', glyph: '↘' },
  disabled: { text: 'Disabled', glyph: '○' },
  unknown: { text: 'No data', glyph: '…' },
};

export function stateLabel(state: CellState): string {
  return LABELS[state].text;
}

export function StateBadge({ state }: { state: CellState }) {
  const { text, glyph } = LABELS[state];
  return (
    <span className={`badge badge-${state}`}>
      <span aria-hidden="true" className="badge-glyph">
        {glyph}
      </span>
      {text}
    </span>
  );
}
