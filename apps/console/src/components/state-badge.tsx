import type { BadgeState, CellState } from '@/lib/cell-look';
import './state-badge.css';

// A state is always shown as text plus a shape, never by colour alone.

export type { CellState };

const LABELS: Record<BadgeState, { text: string; glyph: string }> = {
  healthy: { text: 'Healthy', glyph: '✓' },
  'half-open': { text: 'Half-open', glyph: '◐' },
  unhealthy: { text: 'Unhealthy', glyph: '✕' },
  draining: { text: 'Draining', glyph: '↘' },
  disabled: { text: 'Disabled', glyph: '○' },
  unknown: { text: 'No data', glyph: '…' },
};

export function stateLabel(state: BadgeState): string {
  return LABELS[state].text;
}

export function StateBadge({ state }: { state: BadgeState }) {
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
