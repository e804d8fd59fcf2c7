import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';
import { formatClock } from '@/lib/format';

// Tells the operator whether the grid is live or showing the last thing it heard.

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'disconnected';

export function connectionOf(status: TRPCSubscriptionStatus, hasData: boolean, hasError: boolean): Connection {
  if (status === 'pending') return 'live';
  if (status === 'error') return 'disconnected';
  if (status === 'connecting') return hasData || hasError ? 'reconnecting' : 'connecting';
  return 'disconnected';
}

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
  onRetry: () => void;
}) {
  const { connection, node, at, error, onRetry } = props;
  return (
    <div className="connection" data-testid="connection" data-connection={connection} role="status" aria-live="polite">
      <span className={`dot dot-${connection}`} aria-hidden="true" />
      <strong>{TEXT[connection]}</strong>
      {node && <span className="muted">node {node}</span>}
      {at !== undefined && <span className="muted">updated {formatClock(at)}</span>}
      {connection !== 'live' && error && <span className="error-text">{error}</span>}
      {connection === 'disconnected' && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          Reconnect
        </button>
      )}
    </div>
  );
}
