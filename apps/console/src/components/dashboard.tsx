'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { errorMessage } from '@/lib/api-errors';
import { fleetCounts } from '@/lib/fleet-summary';
import { useTRPC } from '@/lib/trpc';
import { useDashboardGrid } from '@/lib/use-dashboard-grid';
import { ConnectionIndicator } from '@/components/connection-indicator';
import { FleetSummary, NodeSummary } from '@/components/dashboard-summary';
import { FleetPanels, NodePanels } from '@/components/dashboard-views';
import { GridViewSwitch } from '@/components/grid-view-switch';
import './dashboard.css';

// Home: every upstream with its targets. Three views, switched with `?view=`: the fleet (a
// summary per target and one small cell per node, from `states.watchFleet`), this node (its
// own `states.watch`, the richest cells), or a peer (its cells out of the fleet grid). Config
// comes from `upstreams.list`; live states stream in (no polling).

export function Dashboard() {
  const trpc = useTRPC();
  const router = useRouter();
  const list = useQuery(trpc.upstreams.list.queryOptions());
  const grid = useDashboardGrid(useSearchParams().get('view'), list.data);
  const { view, live, members } = grid;
  const stale = live.connection !== 'live';
  const shown = view.kind === 'fleet' ? grid.fleetRows.length : grid.rows.length;

  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Upstreams</h1>
          {view.kind === 'fleet' && grid.fleet ? <FleetSummary counts={fleetCounts(grid.fleet)} /> : <NodeSummary rows={grid.rows} />}
        </div>
        <div className="page-actions">
          <ConnectionIndicator connection={live.connection} node={live.node} at={live.at} error={live.error} onRetry={live.retryNow} />
          <Link href="/upstreams/new" className="btn btn-primary">
            New upstream
          </Link>
        </div>
      </header>
      {members && members.nodes.length > 1 && (
        <GridViewSwitch
          nodes={members.nodes}
          self={members.self}
          view={view}
          onChange={(next) => router.replace(`/?view=${encodeURIComponent(next)}`, { scroll: false })}
        />
      )}
      {list.isError && (
        <div className="alert alert-error" role="alert">
          Could not load upstreams: {errorMessage(list.error)}
        </div>
      )}
      {list.isPending && shown === 0 && <p className="muted">Loading upstreams…</p>}
      {!list.isPending && shown === 0 && (
        <div className="empty">
          <p>No upstreams yet.</p>
          <Link href="/upstreams/new" className="btn btn-primary">
            Create the first upstream
          </Link>
        </div>
      )}
      {view.kind === 'fleet' ? (
        <FleetPanels key="fleet" rows={grid.fleetRows} list={list.data} stale={stale} nodes={grid.choices} />
      ) : (
        <NodePanels
          key={view.kind === 'node' ? view.node : 'self'}
          rows={grid.rows}
          live={view.kind === 'self' ? grid.own : undefined}
          node={view.kind === 'node' ? view.node : members?.self}
          away={view.kind === 'node' ? grid.fleet?.nodes.find((node) => node.id === view.node) : undefined}
          stale={stale}
          nodes={grid.choices}
        />
      )}
    </div>
  );
}
