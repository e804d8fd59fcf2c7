import type { GridUpstream } from '@/lib/api-types';
import { formatClock, hostPort } from '@/lib/format';
import './state-badge.css';
import './proxy-badge.css';

// An upstream's forward proxy as the runtime sees it. Like target states, the status is text
// plus a glyph, never colour alone. A proxy failure is the proxy's: the targets keep their
// own states beside it.

type LiveProxy = NonNullable<GridUpstream['proxy']>;
export type ProxyStatus = LiveProxy['status'];

const LOOK: Record<ProxyStatus, { glyph: string; className: string }> = {
  up: { glyph: '✓', className: 'badge-healthy' },
  down: { glyph: '✕', className: 'badge-unhealthy' },
  unknown: { glyph: '…', className: 'badge-unknown' },
};

export function ProxyBadge({
  upstream,
  configured,
  live,
}: {
  upstream: string;
  /** The proxy in the stored config, shown as unknown until the live grid knows it. */
  configured: { host: string; port: number } | null | undefined;
  live: GridUpstream['proxy'] | undefined;
}) {
  const proxy = live ?? (configured ? { ...configured, status: 'unknown' as const, detail: '', since: null } : null);
  if (!proxy) return null;
  const { glyph, className } = LOOK[proxy.status];
  const label = proxy.status;
  const since = proxy.since === null ? '' : ` since ${formatClock(proxy.since)}`;
  return (
    <span
      className={`badge ${className} proxy-badge`}
      data-testid={`proxy-${upstream}`}
      data-proxy-state={proxy.status}
      title={`Forward proxy ${hostPort(proxy)}: ${label}${since}${proxy.detail ? ` (${proxy.detail})` : ''}`}
    >
      <span aria-hidden="true" className="badge-glyph">
        {glyph}
      </span>
      proxy <span className="mono">{hostPort(proxy)}</span> · {label}
      {proxy.status === 'down' && proxy.detail && <span className="proxy-detail"> ({proxy.detail})</span>}
    </span>
  );
}
