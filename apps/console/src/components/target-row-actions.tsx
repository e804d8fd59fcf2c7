'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { TargetView } from '@/lib/api-types';
import { targetPagePath } from '@/lib/target-page-path';
import { TargetConfigChips } from '@/components/target-config-chips';

// The last cell of a stored target's row: Update / Revert / Delete (asked twice), and the way
// to the target's own page, with what is configured there at a glance.

export function TargetRowActions(props: {
  n: number;
  upstream: string;
  view: TargetView;
  dirty: boolean;
  updating: boolean;
  deleting: boolean;
  onUpdate: () => void;
  onRevert: () => void;
  onDelete: () => void;
}) {
  const { n, dirty, updating, deleting } = props;
  const [confirming, setConfirming] = useState(false);
  const busy = updating || deleting;
  if (confirming) {
    return (
      <td className="actions">
        <button
          type="button"
          className="btn btn-small btn-danger"
          onClick={props.onDelete}
          disabled={busy}
          aria-label={`Confirm delete target ${n}`}
        >
          {deleting ? 'Deleting…' : 'Confirm delete'}
        </button>
        <button type="button" className="btn btn-small btn-quiet" onClick={() => setConfirming(false)} disabled={busy}>
          Keep
        </button>
      </td>
    );
  }
  return (
    <td className="actions">
      <button
        type="button"
        className={`btn btn-small${dirty ? ' btn-primary' : ''}`}
        onClick={props.onUpdate}
        disabled={!dirty || busy}
        aria-label={`Update target ${n}`}
      >
        {updating ? 'Updating…' : 'Update'}
      </button>
      {dirty && (
        <button
          type="button"
          className="btn btn-small btn-quiet"
          onClick={props.onRevert}
          disabled={busy}
          aria-label={`Revert target ${n}`}
        >
          Revert
        </button>
      )}
      <Link
        className="btn btn-small"
        href={targetPagePath(props.upstream, props.view.id)}
        aria-label={`Configure target ${n}: TLS, headers, health-check overrides`}
      >
        Configure
      </Link>
      <button
        type="button"
        className="btn btn-small btn-quiet btn-danger-quiet"
        onClick={() => setConfirming(true)}
        disabled={busy}
        aria-label={`Delete target ${n}`}
      >
        Delete
      </button>
      <TargetConfigChips view={props.view} />
    </td>
  );
}
