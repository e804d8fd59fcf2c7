'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { errorMessage, httpStatusOf } from '@/lib/api-errors';
import type { UpstreamView } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';
import { DeleteUpstream } from '@/components/delete-upstream';
import { UpstreamSettingsForm } from '@/components/upstream-settings-form';
import { ConflictSlot, UpstreamSession } from '@/components/upstream-session';
import { UpstreamTargetsEditor } from '@/components/upstream-targets-editor';
import './upstream-editor.css';

// /upstreams/[name]: targets (each row saved on its own), every setting (one Save), delete.
// Every write carries the version it was based on; a refused one shows what changed.

export function UpstreamEditor({ name }: { name: string }) {
  const trpc = useTRPC();
  const upstream = useQuery(trpc.upstreams.get.queryOptions({ name }));

  if (upstream.isPending) return <p className="page muted">Loading {name}…</p>;
  if (upstream.isError) {
    const notFound = httpStatusOf(upstream.error) === 404;
    return (
      <div className="page">
        <p className="crumbs">
          <Link href="/">Upstreams</Link> /
        </p>
        <h1 className="mono">{name}</h1>
        <div className="alert alert-error" role="alert">
          {notFound ? `No upstream named “${name}”.` : `Could not load ${name}: ${errorMessage(upstream.error)}`}
        </div>
      </div>
    );
  }
  // Keyed by id: another upstream under this address starts clean.
  return <Loaded key={upstream.data.id} view={upstream.data} />;
}

const SECTIONS: ReadonlyArray<[string, string]> = [
  ['targets', 'Targets'],
  ['section-general', 'Routing'],
  ['section-retries', 'Retries'],
  ['section-timeouts', 'Timeouts'],
  ['section-tiers', 'Slow start and tiers'],
  ['section-active', 'Active checks'],
  ['section-passive', 'Passive checks'],
  ['section-proxy', 'Proxy'],
];

function Loaded({ view }: { view: UpstreamView }) {
  const [deleteError, setDeleteError] = useState<string | null>(null);
  return (
    <UpstreamSession view={view}>
      <div className="page">
        <header className="page-head">
          <div>
            <p className="crumbs">
              <Link href="/">Upstreams</Link> /
            </p>
            <h1 className="mono">{view.name}</h1>
            <p className="summary muted">
              {view.algorithm} · {view.targets.length} target{view.targets.length === 1 ? '' : 's'} · active checks{' '}
              {view.healthChecks.active ? 'on' : 'off'} · {view.proxy ? `via proxy ${view.proxy.host}:${view.proxy.port}` : 'direct'} ·
              version {view.version}
            </p>
          </div>
          <div className="page-actions">
            <DeleteUpstream view={view} onFailed={(error) => setDeleteError(`Delete failed: ${errorMessage(error)}`)} />
          </div>
        </header>
        {deleteError && (
          <div className="alert alert-error" role="alert">
            {deleteError}
          </div>
        )}
        <ConflictSlot />
        <nav className="section-nav" aria-label="Sections of this page">
          {SECTIONS.map(([id, label]) => (
            <a key={id} href={`#${id}`}>
              {label}
            </a>
          ))}
        </nav>
        <UpstreamTargetsEditor view={view} />
        <UpstreamSettingsForm view={view} />
      </div>
    </UpstreamSession>
  );
}
