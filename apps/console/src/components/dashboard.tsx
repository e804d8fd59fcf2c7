'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo } from 'react';
import { errorMessage } from '@/lib/api-errors';
import type { GridUpstream, UpstreamView } from '@/lib/api-types';
import { formatMs } from '@/lib/format';
import { mergeGrid, type UpstreamRow } from '@/lib/merge-grid';
import { useTRPC } from '@/lib/trpc';
import { useLiveGrid } from '@/lib/use-live-grid';
import { ConnectionIndicator } from '@/components/connection-indicator';
import { ProxyBadge } from '@/components/proxy-badge';
import { TargetCell } from '@/components/target-cell';
import { TierShares } from '@/components/tier-shares';
import './dashboard.css';

// Home: every upstream with its targets, each target a cell of the live state grid.
// Config comes from `upstreams.list`; states stream in from `states.watch` (no polling).

export function Dashboard() {
  const trpc = useTRPC();
  const list = useQuery(trpc.upstreams.list.queryOptions());
  const { snapshot, connection, error, retryNow } = useLiveGrid();

  const rows = useMemo(() => mergeGrid(list.data, snapshot), [list.data, snapshot]);
  const stale = connection !== 'live';
  const counts = countStates(rows);

  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Upstreams</h1>
          <p className="muted summary" data-testid="summary">
            {rows.length} upstream{rows.length === 1 ? '' : 's'} · {counts.total} target{counts.total === 1 ? '' : 's'}
            {counts.total > 0 && (
              <>
                {' '}
                · <span className="text-healthy">{counts.healthy} healthy</span>
                {counts.unhealthy > 0 && (
                  <>
                    {' '}
                    · <span className="text-unhealthy">{counts.unhealthy} unhealthy</span>
                  </>
                )}
                {counts.draining > 0 && (
                  <>
                    {' '}
                    · <span className="text-draining">{counts.draining} draining</span>
                  </>
                )}
                {counts.disabled > 0 && <> · {counts.disabled} disabled</>}
              </>
            )}
          </p>
        </div>
        <div className="page-actions">
          <ConnectionIndicator connection={connection} node={snapshot?.node} at={snapshot?.at} error={error} onRetry={retryNow} />
          <Link href="/upstreams/new" className="btn btn-primary">
            New upstream
          </Link>
        </div>
      </header>

      {list.isError && (
        <div className="alert alert-error" role="alert">
          Could not load upstreams: {errorMessage(list.error)}
        </div>
      )}
      {list.isPending && !snapshot && <p className="muted">Loading upstreams…</p>}
      {!list.isPending && rows.length === 0 && (
        <div className="empty">
          <p>No upstreams yet.</p>
          <Link href="/upstreams/new" className="btn btn-primary">
            Create the first upstream
          </Link>
        </div>
      )}

      <div className="upstreams" data-testid="grid">
        {rows.map((row) => (
          <UpstreamPanel key={row.name} row={row} stale={stale} live={snapshot?.upstreams.find((u) => u.name === row.name)} />
        ))}
      </div>
    </div>
  );
}

function UpstreamPanel({ row, stale, live }: { row: UpstreamRow; stale: boolean; live: GridUpstream | undefined }) {
  const href = `/upstreams/${encodeURIComponent(row.name)}`;
  const tiers = [...new Set(row.targets.map((t) => t.priority))];
  return (
    <section className="panel" data-testid={`upstream-${row.name}`} aria-labelledby={`upstream-${row.name}-title`}>
      <header className="panel-head">
        <h2 id={`upstream-${row.name}-title`}>
          <Link href={href}>{row.name}</Link>
        </h2>
        {row.config && <Settings config={row.config} />}
        <ProxyBadge upstream={row.name} configured={row.config?.proxy} live={live?.proxy} />
        <Link href={href} className="btn btn-small" aria-label={`Edit ${row.name}`}>
          Edit
        </Link>
      </header>
      {live && row.targets.length > 0 && <TierShares upstream={row.name} tiers={live.tiers} />}
      {row.targets.length === 0 ? (
        <p className="muted panel-empty">
          No targets. <Link href={href}>Add one</Link>.
        </p>
      ) : (
        tiers.map((priority) => (
          <div key={priority} className="tier">
            {tiers.length > 1 && <h3 className="tier-title">Priority {priority}</h3>}
            <ul className="cells" aria-label={`${row.name} targets${tiers.length > 1 ? `, priority ${priority}` : ''}`}>
              {row.targets
                .filter((t) => t.priority === priority)
                .map((target) => (
                  <TargetCell key={target.key} row={target} stale={stale} />
                ))}
            </ul>
          </div>
        ))
      )}
    </section>
  );
}

function Settings({ config }: { config: UpstreamView }) {
  return (
    <ul className="chips" aria-label="Settings">
      <li>
        {config.algorithm}
        {config.algorithm === 'consistent-hash' && config.hashOn ? ` on ${config.hashOn}` : ''}
      </li>
      <li>retries {config.retries}</li>
      <li>slow start {formatMs(config.slowStartMs)}</li>
      {config.failOpen && <li className="chip-warn">fail-open</li>}
      {config.healthChecks.active ? <li>active checks</li> : <li className="muted">passive checks only</li>}
    </ul>
  );
}

function countStates(rows: UpstreamRow[]) {
  const counts = { total: 0, healthy: 0, unhealthy: 0, draining: 0, disabled: 0 };
  for (const row of rows) {
    for (const target of row.targets) {
      counts.total += 1;
      const state = target.live?.state;
      if (state) counts[state] += 1;
    }
  }
  return counts;
}
