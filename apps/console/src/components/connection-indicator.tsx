import type { Connection } from '@/lib/connection';
import { formatClock } from '@/lib/format';
import './connection-indicator.css';

// Tells the operator whether the grid is live or showing the last thing it heard.

const TEXT: Record<Connection, string> = {
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  disconnected: 'Disconnected',
};

export function ConnectionIndicator(props: {
  connection: Connection;
  node: string | undefined;
  at: number | undefined;
  error: string | undefined;
  /** Set while a failed subscription waits for its next automatic attempt. */
  onRetry: (() => void) | undefined;
}) {
  const { connection, node, at, error, onRetry } = props;
  return (
    <div className="connection" data-testid="connection" data-connection={connection} role="status" aria-live="polite">
      <span className={`dot dot-${connection}`} aria-hidden="true" />
      <strong>{TEXT[connection]}</strong>
      {node && <span className="muted">node {node}</span>}
      {at !== undefined && <span className="muted">updated {formatClock(at)}</span>}
      {connection !== 'live' && error && <span className="error-text">{error}</span>}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Retry now
        </button>
      )}
    </div>
  );
}
