'use client';

import { useState } from 'react';
import type { UpstreamView } from '@/lib/api-types';
import { emptyTarget, type TargetForm } from '@/lib/target-form';
import { useFollowStoredChanges } from '@/lib/use-follow-stored-changes';
import { useLiveGrid } from '@/lib/use-live-grid';
import { ConnectionIndicator } from '@/components/connection-indicator';
import { ExistingTargetRow } from '@/components/existing-target-row';
import { NewTargetRow } from '@/components/new-target-row';
import './forms.css';
import './table.css';

// The edit page's targets: each stored target beside its live state, each row saved on its
// own; "Add target" opens a draft row that is created on its own too.

export function UpstreamTargetsEditor({ view }: { view: UpstreamView }) {
  const [drafts, setDrafts] = useState<TargetForm[]>([]);
  const [dropped, setDropped] = useState<string | null>(null);
  const grid = useLiveGrid();
  const liveTargets = grid.snapshot?.upstreams.find((u) => u.name === view.name)?.targets ?? [];
  useFollowStoredChanges(view, liveTargets);
  return (
    <section className="section" id="targets" aria-labelledby="targets-title">
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
      {dropped && (
        <div className="alert alert-warn dismissible" role="status">
          <span>{dropped}</span>
          <button type="button" className="btn btn-small btn-quiet" onClick={() => setDropped(null)}>
            Dismiss
          </button>
        </div>
      )}
      <table className="table table-form">
        <TargetsHead />
        <tbody>
          {view.targets.map((target, index) => (
            <ExistingTargetRow
              key={String(target.id)}
              index={index}
              view={target}
              upstream={view}
              live={liveTargets.find((t) => t.id === target.id)}
              stale={grid.connection !== 'live'}
              onDroppedSecrets={setDropped}
            />
          ))}
          {drafts.map((draft, i) => (
            <NewTargetRow
              key={draft.key}
              index={view.targets.length + i}
              upstream={view}
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
  );
}

function TargetsHead() {
  return (
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
  );
}
