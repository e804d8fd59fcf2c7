'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { errorMessage, httpStatusOf } from '@/lib/api-errors';
import type { UpstreamView } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';
import { SETTINGS_ERROR_KEYS } from '@/lib/upstream-form';
import { useFormErrors } from '@/lib/use-form-errors';
import { DeleteUpstream } from '@/components/delete-upstream';
import { UpstreamSettingsForm } from '@/components/upstream-settings-form';
import { UpstreamTargetsEditor } from '@/components/upstream-targets-editor';

// /upstreams/[name]: settings (Save), targets (each row updates on its own), delete.

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
  // Keyed by id + name: after a rename or a refetch of another upstream, start clean.
  return <Loaded key={`${upstream.data.id}:${upstream.data.name}`} view={upstream.data} />;
}

function Loaded({ view }: { view: UpstreamView }) {
  // One place for the settings form's messages: a failed delete reports there too.
  const errors = useFormErrors({ known: (key) => SETTINGS_ERROR_KEYS.has(key), prefixes: ['changes.'] });
  return (
    <div className="page">
      <header className="page-head">
        <div>
          <p className="crumbs">
            <Link href="/">Upstreams</Link> /
          </p>
          <h1 className="mono">{view.name}</h1>
        </div>
        <div className="page-actions">
          <DeleteUpstream view={view} onFailed={(error) => errors.showMessage(`Delete failed: ${errorMessage(error)}`)} />
        </div>
      </header>
      <UpstreamSettingsForm view={view} errors={errors} />
      <UpstreamTargetsEditor view={view} />
    </div>
  );
}
