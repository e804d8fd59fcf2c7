'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { GridTarget, TargetView } from '@/lib/api-types';
import { isTargetField, TARGET_FIELDS, targetChanges, targetFromView } from '@/lib/target-form';
import { useTRPC } from '@/lib/trpc';
import { type FormErrors, useFormErrors } from '@/lib/use-form-errors';
import { StateBadge } from '@/components/state-badge';
import { TargetEditorRow } from '@/components/target-editor-row';
import { TargetFieldCells } from '@/components/target-field-cells';

// A stored target on the edit page: its own little form (Update / Revert / Delete) beside its
// live state. Nothing changes on screen until the runtime has accepted the change.

type Props = { index: number; view: TargetView; live: GridTarget | undefined; stale: boolean };

export function ExistingTargetRow(props: Props) {
  // Keyed by the server copy: when it changes (after our own update or someone else's), the
  // row's edit starts again from it.
  return <ExistingTargetEdit key={JSON.stringify(targetFromView(props.view))} {...props} />;
}

function ExistingTargetEdit({ index, view, live, stale }: Props) {
  const initial = targetFromView(view);
  const [form, setForm] = useState(initial);
  const [confirming, setConfirming] = useState(false);
  const errors = useFormErrors({ known: isTargetField, prefixes: ['changes.'] });
  const { update, remove } = useTargetMutations(errors);
  const changes = targetChanges(initial, form);
  const dirty = Object.keys(changes).length > 0;
  const busy = update.isPending || remove.isPending;
  const n = index + 1;

  const submit = () => {
    if (!dirty) return;
    errors.clearGeneral();
    update.mutate({ id: view.id, changes });
  };

  return (
    <TargetEditorRow index={index} className={dirty ? 'row-dirty' : undefined} onEnter={submit} general={errors.general}>
      <td className="muted num">{n}</td>
      <td className={`state-cell${stale ? ' cell-stale' : ''}`} data-state={live?.state ?? 'unknown'}>
        <StateBadge state={live?.state ?? 'unknown'} />
        {live && live.reasons.length > 0 && <p className="state-reasons">{live.reasons.join(' · ')}</p>}
      </td>
      <TargetFieldCells
        fields={TARGET_FIELDS}
        idPrefix={`edit-target-${index}`}
        rowNumber={n}
        value={form}
        errorOf={(field) => errors.fields[field]}
        onChange={(patch) => {
          setForm((prev) => ({ ...prev, ...patch }));
          errors.clearFields(Object.keys(patch));
        }}
        disabled={busy}
      />
      <td className="actions">
        {confirming ? (
          <>
            <button
              type="button"
              className="btn btn-small btn-danger"
              onClick={() => remove.mutate({ id: view.id })}
              disabled={busy}
              aria-label={`Confirm delete target ${n}`}
            >
              {remove.isPending ? 'Deleting…' : 'Confirm delete'}
            </button>
            <button type="button" className="btn btn-small btn-quiet" onClick={() => setConfirming(false)} disabled={busy}>
              Keep
            </button>
          </>
        ) : (
          <EditActions
            n={n}
            dirty={dirty}
            busy={busy}
            updating={update.isPending}
            onUpdate={submit}
            onRevert={() => {
              setForm(initial);
              errors.clearAll();
            }}
            onDelete={() => setConfirming(true)}
          />
        )}
      </td>
    </TargetEditorRow>
  );
}

function useTargetMutations(errors: FormErrors) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.upstreams.pathFilter());
  return {
    update: useMutation(trpc.targets.update.mutationOptions({ onSuccess: refresh, onError: errors.showError })),
    remove: useMutation(trpc.targets.delete.mutationOptions({ onSuccess: refresh, onError: errors.showError })),
  };
}

function EditActions(props: {
  n: number;
  dirty: boolean;
  busy: boolean;
  updating: boolean;
  onUpdate: () => void;
  onRevert: () => void;
  onDelete: () => void;
}) {
  const { n, dirty, busy } = props;
  return (
    <>
      <button
        type="button"
        className={`btn btn-small${dirty ? ' btn-primary' : ''}`}
        onClick={props.onUpdate}
        disabled={!dirty || busy}
        aria-label={`Update target ${n}`}
      >
        {props.updating ? 'Updating…' : 'Update'}
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
      <button
        type="button"
        className="btn btn-small btn-quiet btn-danger-quiet"
        onClick={props.onDelete}
        disabled={busy}
        aria-label={`Delete target ${n}`}
      >
        Delete
      </button>
    </>
  );
}
