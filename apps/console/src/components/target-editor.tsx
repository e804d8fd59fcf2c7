'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { errorMessage, httpStatusOf } from '@/lib/api-errors';
import type { TargetView, UpstreamView } from '@/lib/api-types';
import { hostPort } from '@/lib/format';
import { droppedSecretsMessage } from '@/lib/save-status';
import { useTRPC } from '@/lib/trpc';
import { useLiveGrid } from '@/lib/use-live-grid';
import { StateBadge } from '@/components/state-badge';
import { TargetSettingsForm } from '@/components/target-settings-form';
import { ConflictSlot, UpstreamSession } from '@/components/upstream-session';
import './upstream-editor.css';

// /upstreams/[name]/targets/[id]: one target, all of it, beside its live state.

export function TargetEditor({ upstream: name, id, droppedSecrets }: { upstream: string; id: string; droppedSecrets: string[] }) {
  const trpc = useTRPC();
  const upstream = useQuery(trpc.upstreams.get.queryOptions({ name }));
  const crumbs = (
    <p className="crumbs">
      <Link href="/">Upstreams</Link> / <Link href={`/upstreams/${encodeURIComponent(name)}`}>{name}</Link> /
    </p>
  );
  if (upstream.isPending) return <p className="page muted">Loading {name}…</p>;
  const target = upstream.data?.targets.find((t) => t.id === id);
  if (upstream.isError || !target) {
    const problem = upstream.isError
      ? httpStatusOf(upstream.error) === 404
        ? `No upstream named “${name}”.`
        : `Could not load ${name}: ${errorMessage(upstream.error)}`
      : `${name} has no target with id ${id}. Changing a target's host, port or protocol gives it a new id: find it in the upstream's targets.`;
    return (
      <div className="page">
        {crumbs}
        <h1>Target</h1>
        <div className="alert alert-error" role="alert">
          {problem}
        </div>
      </div>
    );
  }
  return (
    <UpstreamSession view={upstream.data}>
      <Loaded key={target.id} upstream={upstream.data} target={target} crumbs={crumbs} dropped={droppedSecretsMessage(droppedSecrets)} />
    </UpstreamSession>
  );
}

function Loaded(props: { upstream: UpstreamView; target: TargetView; crumbs: ReactNode; dropped: string | null }) {
  const { upstream, target } = props;
  const grid = useLiveGrid();
  const live = grid.snapshot?.upstreams.find((u) => u.name === upstream.name)?.targets.find((t) => t.id === target.id);
  return (
    <div className="page">
      <header className="page-head">
        <div>
          {props.crumbs}
          <h1 className="mono">{hostPort(target)}</h1>
          <p className="summary muted">
            {target.protocol} · weight {target.weight} · priority {target.priority} · {target.adminState} · id {target.id}
          </p>
        </div>
        <div className="page-actions target-live" data-testid="target-live-state" data-state={live?.state ?? 'unknown'}>
          <StateBadge state={live?.state ?? 'unknown'} />
          {live && live.reasons.length > 0 && <span className="muted">{live.reasons.join(' · ')}</span>}
          <Link className="btn btn-small" href={`/targets/${encodeURIComponent(target.id)}`}>
            History and events
          </Link>
        </div>
      </header>
      {props.dropped && (
        <div className="alert alert-warn" role="status">
          {props.dropped}
        </div>
      )}
      <ConflictSlot />
      <TargetSettingsForm upstream={upstream} target={target} />
    </div>
  );
}
