'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { errorMessage, httpStatusOf } from '@/lib/api-errors';
import { cellLook } from '@/lib/cell-look';
import { findTarget, type FoundTarget } from '@/lib/find-target';
import { hostPort } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { useLiveGrid } from '@/lib/use-live-grid';
import { StateBadge } from '@/components/state-badge';
import { TargetCharts } from '@/components/target-charts';
import { TargetTimeline } from '@/components/target-timeline';
import './target-history.css';

// /targets/[id]: one target's last 15 minutes on this node (time to first byte and error rate,
// refreshed every 10 s), beside the events that explain them.

const REFRESH_MS = 10_000;

export function TargetHistory({ id }: { id: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.upstreams.list.queryOptions());
  const { snapshot } = useLiveGrid();
  const history = useQuery({
    ...trpc.targets.history.queryOptions({ id }),
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => previous,
  });
  const found = findTarget(id, list.data, snapshot);

  if (history.isError && httpStatusOf(history.error) === 404) {
    return (
      <div className="page">
        <HistoryHead found={undefined} />
        <div className="alert alert-error" role="alert">
          No target with id “{id}”: it may have been deleted. <Link href="/">Back to the upstreams</Link>.
        </div>
      </div>
    );
  }
  return (
    <div className="page">
      <HistoryHead found={found} node={history.data?.node} />
      {history.isError && (
        <div className="alert alert-error" role="alert">
          Could not load the history: {errorMessage(history.error)}
        </div>
      )}
      <div className="history-layout">
        <div className="history-charts">
          {history.isPending && <p className="muted">Loading the history…</p>}
          {history.data && <TargetCharts history={history.data} />}
        </div>
        <TargetTimeline id={id} />
      </div>
    </div>
  );
}

function HistoryHead({ found, node }: { found: FoundTarget | undefined; node?: string }) {
  const look = found && cellLook({ adminState: found.live?.adminState ?? found.config?.adminState ?? 'enabled', live: found.live });
  const upstreamHref = found && `/upstreams/${encodeURIComponent(found.upstream)}`;
  return (
    <header className="page-head">
      <div>
        <p className="crumbs">
          <Link href="/">Upstreams</Link> / {found && upstreamHref ? <Link href={upstreamHref}>{found.upstream}</Link> : '…'} /
        </p>
        <h1 className="history-title">
          <span className="mono">{found ? hostPort(found) : 'Target'}</span>
          {look && <StateBadge state={look.badge} />}
        </h1>
        <p className="muted summary">
          History over the last 15 minutes in 10 s slots{node ? `, as node ${node} saw it` : ''}; refreshed every {REFRESH_MS / 1000} s.
        </p>
      </div>
      {found?.live && found.live.reasons.length > 0 && (
        <ul className="history-reasons" aria-label="Why it is in this state">
          {found.live.reasons.map((reason) => (
            <li key={reason}>{reason}</li>
          ))}
        </ul>
      )}
    </header>
  );
}
