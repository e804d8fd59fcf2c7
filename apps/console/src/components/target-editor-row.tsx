'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { type FieldErrors, sortErrors } from '@/lib/api-errors';
import type { GridTarget, TargetView } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';
import { ADMIN_STATES, PROTOCOLS, type TargetForm, targetChanges, targetFromView, targetInput } from '@/lib/upstream-form';
import { CellError } from '@/components/field';
import { StateBadge } from '@/components/state-badge';

// One target on the edit page: its own little form (Update / Delete), or, for a target not
// yet created, a draft row (Create target / Cancel). Nothing changes on screen until the
// runtime has accepted the change.

const EDITABLE = ['host', 'port', 'protocol', 'weight', 'priority', 'maxInFlight', 'adminState'] as const;
const LABELS: Record<(typeof EDITABLE)[number], string> = {
  host: 'host',
  port: 'port',
  protocol: 'protocol',
  weight: 'weight',
  priority: 'priority',
  maxInFlight: 'max in flight',
  adminState: 'admin state',
};

type Props =
  | { mode: 'existing'; index: number; upstream: string; view: TargetView; live: GridTarget | undefined; stale: boolean }
  | { mode: 'draft'; index: number; upstream: string; draft: TargetForm; onDone: () => void };

export function TargetEditorRow(props: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const initial = props.mode === 'existing' ? targetFromView(props.view) : props.draft;
  const [form, setForm] = useState<TargetForm>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  const n = props.index + 1;

  const refresh = () => queryClient.invalidateQueries(trpc.upstreams.pathFilter());
  const showError = (prefix: string) => (error: unknown) => {
    const sorted = sortErrors(error, (key) => (EDITABLE as readonly string[]).includes(key), [prefix]);
    setErrors(sorted.fields);
    setGeneral(sorted.general);
  };

  const update = useMutation(trpc.targets.update.mutationOptions({ onSuccess: refresh, onError: showError('changes.') }));
  const create = useMutation(
    trpc.targets.create.mutationOptions({
      onSuccess: async () => {
        await refresh();
        if (props.mode === 'draft') props.onDone();
      },
      onError: showError('target.'),
    }),
  );
  const remove = useMutation(trpc.targets.delete.mutationOptions({ onSuccess: refresh, onError: showError('') }));

  // When the server copy changes (after our own update or someone else's), start from it again.
  const serverKey = props.mode === 'existing' ? JSON.stringify(targetFromView(props.view)) : '';
  const [seenServerKey, setSeenServerKey] = useState(serverKey);
  if (serverKey !== seenServerKey) {
    setSeenServerKey(serverKey);
    setForm(initial);
  }

  const changes = props.mode === 'existing' ? targetChanges(initial, form) : {};
  const dirty = Object.keys(changes).length > 0;
  const busy = update.isPending || create.isPending || remove.isPending;

  const set = (field: keyof TargetForm, value: string) => {
    setForm((prev) => ({ ...prev, [field]: value }));
    setErrors((prev) => {
      if (!(field in prev)) return prev;
      const next = { ...prev };
      delete next[field];
      return next;
    });
  };

  const submit = () => {
    setGeneral([]);
    if (props.mode === 'existing') update.mutate({ id: props.view.id, changes });
    else create.mutate({ upstream: props.upstream, target: targetInput(form) });
  };

  const control = (field: (typeof EDITABLE)[number]) => ({
    id: `edit-target-${props.index}-${field}`,
    'aria-label': `Target ${n} ${LABELS[field]}`,
    'aria-invalid': Boolean(errors[field]),
    'aria-describedby': errors[field] ? `edit-target-${props.index}-${field}-error` : undefined,
    disabled: busy,
  });
  const err = (field: (typeof EDITABLE)[number]) => <CellError id={`edit-target-${props.index}-${field}-error`} error={errors[field]} />;

  return (
    <>
      <tr
        data-testid={`target-row-${props.index}`}
        className={props.mode === 'draft' ? 'row-draft' : dirty ? 'row-dirty' : undefined}
        onKeyDown={(e) => {
          if (e.key === 'Enter' && (e.target as HTMLElement).tagName === 'INPUT') {
            e.preventDefault();
            if (props.mode === 'draft' || dirty) submit();
          }
        }}
      >
        <td className="muted num">{props.mode === 'draft' ? 'new' : n}</td>
        <td
          className={`state-cell${props.mode === 'existing' && props.stale ? ' cell-stale' : ''}`}
          data-state={props.mode === 'existing' ? (props.live?.state ?? 'unknown') : undefined}
        >
          {props.mode === 'existing' && (
            <>
              <StateBadge state={props.live?.state ?? 'unknown'} />
              {props.live && props.live.reasons.length > 0 && <p className="state-reasons">{props.live.reasons.join(' · ')}</p>}
            </>
          )}
        </td>
        <td>
          <input {...control('host')} className="mono" value={form.host} spellCheck={false} onChange={(e) => set('host', e.target.value)} />
          {err('host')}
        </td>
        <td>
          <input
            {...control('port')}
            type="number"
            inputMode="numeric"
            className="input-port"
            value={form.port}
            onChange={(e) => set('port', e.target.value)}
          />
          {err('port')}
        </td>
        <td>
          <select {...control('protocol')} value={form.protocol} onChange={(e) => set('protocol', e.target.value)}>
            {PROTOCOLS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
          {err('protocol')}
        </td>
        <td>
          <input
            {...control('weight')}
            type="number"
            inputMode="numeric"
            className="input-small"
            value={form.weight}
            onChange={(e) => set('weight', e.target.value)}
          />
          {err('weight')}
        </td>
        <td>
          <input
            {...control('priority')}
            type="number"
            inputMode="numeric"
            className="input-small"
            value={form.priority}
            onChange={(e) => set('priority', e.target.value)}
          />
          {err('priority')}
        </td>
        <td>
          <input
            {...control('maxInFlight')}
            type="number"
            inputMode="numeric"
            className="input-small"
            value={form.maxInFlight}
            onChange={(e) => set('maxInFlight', e.target.value)}
          />
          {err('maxInFlight')}
        </td>
        <td>
          <select {...control('adminState')} value={form.adminState} onChange={(e) => set('adminState', e.target.value)}>
            {ADMIN_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
          {err('adminState')}
        </td>
        <td className="actions">
          {props.mode === 'draft' ? (
            <>
              <button type="button" className="btn btn-small btn-primary" onClick={submit} disabled={busy}>
                {create.isPending ? 'Creating…' : 'Create target'}
              </button>
              <button type="button" className="btn btn-small btn-quiet" onClick={props.onDone} disabled={busy}>
                Cancel
              </button>
            </>
          ) : confirming ? (
            <>
              <button
                type="button"
                className="btn btn-small btn-danger"
                onClick={() => remove.mutate({ id: props.view.id })}
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
            <>
              <button
                type="button"
                className={`btn btn-small${dirty ? ' btn-primary' : ''}`}
                onClick={submit}
                disabled={!dirty || busy}
                aria-label={`Update target ${n}`}
              >
                {update.isPending ? 'Updating…' : 'Update'}
              </button>
              {dirty && (
                <button
                  type="button"
                  className="btn btn-small btn-quiet"
                  onClick={() => {
                    setForm(initial);
                    setErrors({});
                    setGeneral([]);
                  }}
                  disabled={busy}
                  aria-label={`Revert target ${n}`}
                >
                  Revert
                </button>
              )}
              <button
                type="button"
                className="btn btn-small btn-quiet btn-danger-quiet"
                onClick={() => setConfirming(true)}
                disabled={busy}
                aria-label={`Delete target ${n}`}
              >
                Delete
              </button>
            </>
          )}
        </td>
      </tr>
      {general.length > 0 && (
        <tr className="row-error">
          <td />
          <td colSpan={9}>
            <p className="field-error" role="alert">
              {general.join('; ')}
            </p>
          </td>
        </tr>
      )}
    </>
  );
}
