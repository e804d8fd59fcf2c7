'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { errorMessage, type FieldErrors, httpStatusOf, sortErrors, withoutErrors } from '@/lib/api-errors';
import type { UpstreamView } from '@/lib/api-types';
import { formatMs } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { emptyTarget, type SettingsForm, settingsChanges, settingsFromView, type TargetForm } from '@/lib/upstream-form';
import { GeneralErrors } from '@/components/field';
import { SETTINGS_ERROR_KEYS, SettingsFields } from '@/components/settings-fields';
import { TargetEditorRow } from '@/components/target-editor-row';
import { ConnectionIndicator } from '@/components/connection-indicator';
import { useLiveGrid } from '@/lib/use-live-grid';

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
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const initial = settingsFromView(view);
  const [settings, setSettings] = useState<SettingsForm>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [drafts, setDrafts] = useState<TargetForm[]>([]);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const grid = useLiveGrid();
  const liveTargets = grid.snapshot?.upstreams.find((u) => u.name === view.name)?.targets ?? [];

  const changes = settingsChanges(initial, settings);
  const dirty = Object.keys(changes).length > 0;

  const update = useMutation(
    trpc.upstreams.update.mutationOptions({
      onSuccess: async (updated) => {
        setSaved(true);
        if (updated.name !== view.name) {
          queryClient.setQueryData(trpc.upstreams.get.queryKey({ name: updated.name }), updated);
          router.replace(`/upstreams/${encodeURIComponent(updated.name)}`);
        }
        await queryClient.invalidateQueries(trpc.upstreams.pathFilter());
      },
      onError: (error) => {
        const sorted = sortErrors(error, (key) => SETTINGS_ERROR_KEYS.has(key), ['changes.']);
        setErrors(sorted.fields);
        setGeneral(sorted.general);
      },
    }),
  );
  const remove = useMutation(
    trpc.upstreams.delete.mutationOptions({
      onSuccess: async () => {
        queryClient.removeQueries(trpc.upstreams.get.queryFilter({ name: view.name }));
        await queryClient.invalidateQueries(trpc.upstreams.list.queryFilter());
        router.push('/');
      },
      onError: (error) => setGeneral([`Delete failed: ${errorMessage(error)}`]),
    }),
  );

  const save = (event: FormEvent) => {
    event.preventDefault();
    setGeneral([]);
    setSaved(false);
    update.mutate({ name: view.name, changes });
  };

  const clear = (keys: string[]) => setErrors((prev) => withoutErrors(prev, keys));

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
          {confirmDelete ? (
            <div className="confirm" role="alertdialog" aria-labelledby="confirm-delete-text">
              <span id="confirm-delete-text">
                Delete <strong>{view.name}</strong> and its {view.targets.length} target{view.targets.length === 1 ? '' : 's'}? Requests for
                it will get 404.
              </span>
              <button
                type="button"
                className="btn btn-danger"
                onClick={() => remove.mutate({ name: view.name })}
                disabled={remove.isPending}
              >
                {remove.isPending ? 'Deleting…' : 'Confirm delete'}
              </button>
              <button type="button" className="btn btn-quiet" onClick={() => setConfirmDelete(false)} disabled={remove.isPending}>
                Cancel
              </button>
            </div>
          ) : (
            <button type="button" className="btn btn-danger-quiet" onClick={() => setConfirmDelete(true)}>
              Delete upstream
            </button>
          )}
        </div>
      </header>

      <form className="form" onSubmit={save} noValidate aria-label="Upstream settings">
        <GeneralErrors messages={general} />
        <SettingsFields
          value={settings}
          errors={errors}
          storedPassword={Boolean(view.proxy?.password)}
          onChange={(patch, touched) => {
            setSettings((prev) => ({ ...prev, ...patch }));
            setSaved(false);
            clear(touched);
          }}
        />
        <ReadOnlySettings view={view} />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={!dirty || update.isPending}>
            {update.isPending ? 'Saving…' : 'Save'}
          </button>
          {dirty && !update.isPending && (
            <button
              type="button"
              className="btn btn-quiet"
              onClick={() => {
                setSettings(initial);
                setErrors({});
                setGeneral([]);
              }}
            >
              Discard changes
            </button>
          )}
          {saved && !dirty && (
            <span className="saved" role="status">
              Saved.
            </span>
          )}
        </div>
      </form>

      <section className="section" aria-labelledby="targets-title">
        <div className="section-head">
          <h2 id="targets-title" className="section-title">
            Targets
          </h2>
          <ConnectionIndicator
            connection={grid.connection}
            node={grid.snapshot?.node}
            at={grid.snapshot?.at}
            error={grid.error}
            onRetry={grid.retryNow}
          />
        </div>
        <table className="table table-form">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">State</th>
              <th scope="col" className="col-host">
                Host
              </th>
              <th scope="col">Port</th>
              <th scope="col">Protocol</th>
              <th scope="col">Weight</th>
              <th scope="col">Priority</th>
              <th scope="col">Max in flight</th>
              <th scope="col">Admin state</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {view.targets.map((target, index) => (
              <TargetEditorRow
                key={String(target.id)}
                mode="existing"
                index={index}
                upstream={view.name}
                view={target}
                live={liveTargets.find((t) => t.id === target.id)}
                stale={grid.connection !== 'live'}
              />
            ))}
            {drafts.map((draft, i) => (
              <TargetEditorRow
                key={draft.key}
                mode="draft"
                index={view.targets.length + i}
                upstream={view.name}
                draft={draft}
                onDone={() => setDrafts((prev) => prev.filter((d) => d.key !== draft.key))}
              />
            ))}
            {view.targets.length === 0 && drafts.length === 0 && (
              <tr>
                <td colSpan={10} className="muted">
                  No targets: requests for this upstream get 503.
                </td>
              </tr>
            )}
          </tbody>
        </table>
        <div className="row-actions">
          <button type="button" className="btn" onClick={() => setDrafts((prev) => [...prev, emptyTarget()])}>
            Add target
          </button>
        </div>
      </section>
    </div>
  );
}

/** Settings the console does not edit yet, shown so the operator sees what is in force. */
function ReadOnlySettings({ view }: { view: UpstreamView }) {
  const items: Array<[string, string]> = [
    ['Retry on', view.retryOn.join(', ')],
    ['Retry budget', `${view.retryBudgetPct}%`],
    [
      'Timeouts',
      `connect ${formatMs(view.timeouts.connectMs)} · headers ${formatMs(view.timeouts.headersMs)} · body idle ${formatMs(view.timeouts.bodyIdleMs)} · total ${formatMs(view.timeouts.totalMs)}`,
    ],
    ['Overprovisioning', String(view.overprovisioningFactor)],
    ['Drain timeout', formatMs(view.drainTimeoutMs)],
    ['Active checks', view.healthChecks.active ? 'on' : 'off'],
  ];
  return (
    <details className="section readonly">
      <summary>Other settings (read-only here)</summary>
      <dl className="kv">
        {items.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
