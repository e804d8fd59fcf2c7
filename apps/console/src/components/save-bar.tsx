'use client';

import './save-bar.css';

// The actions of a long form, kept in view while it has unsaved changes: how many, save,
// discard, and what the last save said.

export type SaveStatus = { text: string; warning: boolean };

export function SaveBar(props: {
  /** Visible label of the submit button ("Save settings"). */
  label: string;
  changeCount: number;
  saving: boolean;
  /** The server's copy changed under the edit: saving will be refused. */
  outdated: boolean;
  /** What the last save said (saved; secrets dropped, a warning); cleared by the next edit. */
  status: SaveStatus | null;
  onDiscard: () => void;
}) {
  const { label, changeCount, saving, outdated, status, onDiscard } = props;
  const dirty = changeCount > 0;
  return (
    <div className={`save-bar${dirty ? ' save-bar-dirty' : ''}`}>
      <button type="submit" className="btn btn-primary" disabled={!dirty || saving}>
        {saving ? 'Saving…' : label}
      </button>
      {dirty && !saving && (
        <button type="button" className="btn btn-quiet" onClick={onDiscard}>
          Discard changes
        </button>
      )}
      <span className={`save-bar-state${!dirty && status?.warning ? ' save-bar-warning' : ''}`} role="status">
        {dirty ? `${changeCount} unsaved change${changeCount === 1 ? '' : 's'}` : status?.text}
      </span>
      {dirty && outdated && <span className="save-bar-outdated">Changed elsewhere since you started: saving will show what changed.</span>}
    </div>
  );
}
