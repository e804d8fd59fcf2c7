'use client';

import { useEffect, useRef } from 'react';
import type { ConflictReport } from '@/lib/editor-session';
import { viewChanges } from '@/lib/view-diff';
import './conflict-notice.css';

// A write from a stale copy was refused: nothing was saved. Says what changed since the copy
// was loaded, field by field, marks the fields the operator edited too, and offers a reload
// that keeps their edits (to review and save again) or drops them.

export function ConflictNotice(props: { report: ConflictReport; onReload: (keepEdits: boolean) => void }) {
  const { report, onReload } = props;
  const { conflict, base, edited } = report;
  const changes = viewChanges(base, conflict.current);
  const mine = new Set(edited);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView({ block: 'nearest' });
  }, []);
  return (
    <div
      className="alert alert-error conflict"
      role="alert"
      tabIndex={-1}
      ref={ref}
      data-testid="version-conflict"
      aria-labelledby="conflict-title"
    >
      <p id="conflict-title" className="conflict-title">
        Not saved: “{base.name}” was changed by someone else since you loaded it (version {conflict.expectedVersion}, now{' '}
        {conflict.currentVersion}). Nothing was overwritten.
      </p>
      {changes.length === 0 ? (
        <p>The stored settings read the same as your copy (only their version moved).</p>
      ) : (
        <table className="conflict-changes">
          <caption className="visually-hidden">What changed since you loaded it</caption>
          <thead>
            <tr>
              <th scope="col">Setting</th>
              <th scope="col">When you loaded it</th>
              <th scope="col">Now</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((change) => (
              <tr key={change.path} data-path={change.path} className={mine.has(change.path) ? 'conflict-mine' : undefined}>
                <th scope="row">
                  {change.label}
                  {mine.has(change.path) && <span className="conflict-tag">you changed this too</span>}
                </th>
                <td className="mono">{change.from}</td>
                <td className="mono">{change.to}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="conflict-actions">
        <button type="button" className="btn btn-primary" onClick={() => onReload(true)}>
          Reload and keep my edits
        </button>
        <button type="button" className="btn" onClick={() => onReload(false)}>
          Reload and discard my edits
        </button>
        <span className="hint">Keeping them puts your edits over the newer values; review them, then save again.</span>
      </div>
    </div>
  );
}
