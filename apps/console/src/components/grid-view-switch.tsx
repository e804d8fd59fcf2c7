import type { GridView, Member } from '@/lib/fleet-summary';
import './grid-view-switch.css';

// The dashboard's switch: the whole fleet, or one node's cells. A lost or unreachable node
// stays on it (its cells say so), marked as such.

const NOTE: Record<Member['status'], string> = { up: '', live: '', unreachable: ' (unreachable)', lost: ' (lost)' };

export function GridViewSwitch(props: { nodes: readonly Member[]; self: string; view: GridView; onChange: (view: string) => void }) {
  const { nodes, self, view } = props;
  const shown = view.kind === 'fleet' ? 'fleet' : view.kind === 'self' ? self : view.node;
  return (
    <fieldset className="view-switch" aria-label="Grid view" data-testid="view-switch">
      <button type="button" className="view-switch-option" aria-pressed={shown === 'fleet'} onClick={() => props.onChange('fleet')}>
        Fleet
      </button>
      {nodes.map((node) => (
        <button
          key={node.id}
          type="button"
          className={`view-switch-option view-switch-${node.status}`}
          aria-pressed={shown === node.id}
          data-node={node.id}
          onClick={() => props.onChange(node.id)}
        >
          <span className="mono">{node.id}</span>
          {node.id === self && <span className="muted"> (this node)</span>}
          {NOTE[node.status] && <span className="view-switch-note">{NOTE[node.status]}</span>}
        </button>
      ))}
    </fieldset>
  );
}
