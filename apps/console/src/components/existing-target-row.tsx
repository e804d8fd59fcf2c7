'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { GridTarget, TargetView, UpstreamView } from '@/lib/api-types';
import { type ConflictReport, useEditorSession } from '@/lib/editor-session';
import { hostPort } from '@/lib/format';
import { patchPaths } from '@/lib/object-paths';
import { saveStatus } from '@/lib/save-status';
import { isTargetField, TARGET_FIELDS, type TargetForm, targetChanges, targetFromView, targetIssues } from '@/lib/target-form';
import { useTRPC } from '@/lib/trpc';
import { type FormErrors, useFormErrors } from '@/lib/use-form-errors';
import { useServerForm } from '@/lib/use-server-form';
import { versionConflictOf } from '@/lib/version-conflict';
import { StateBadge } from '@/components/state-badge';
import { TargetEditorRow } from '@/components/target-editor-row';
import { TargetFieldCells } from '@/components/target-field-cells';
import { TargetRowActions } from '@/components/target-row-actions';

// A stored target on the edit page: its own little form (Update / Revert / Delete) beside its
// live state, and a link to everything else about it. Every write names the version the row
// was read from; nothing changes on screen until the runtime has accepted it.

type Props = {
  index: number;
  view: TargetView;
  upstream: UpstreamView;
  live: GridTarget | undefined;
  stale: boolean;
  /** A save that dropped stored secrets: said above the table, since a moved target's row is a new row. */
  onDroppedSecrets: (message: string) => void;
};

const isDirty = (base: TargetForm, form: TargetForm) => Object.keys(targetChanges(base, form)).length > 0;

export function ExistingTargetRow({ index, view, upstream, live, stale, onDroppedSecrets }: Props) {
  const session = useEditorSession();
  const server = useServerForm(targetFromView(view), upstream, isDirty, session.resync);
  const errors = useFormErrors({ known: isTargetField, prefixes: ['changes.'] });
  const report = (conflict: ConflictReport['conflict'], edited: object) =>
    session.reportConflict({ conflict, base: server.baseView, edited: patchPaths(edited, `targets.${hostPort(view)}`) });
  const { update, remove } = useTargetMutations(errors, report, (answer) => {
    server.saved(targetFromView(answer));
    const status = saveStatus(answer.droppedSecrets);
    if (status.warning) onDroppedSecrets(status.text);
  });
  const changes = targetChanges(server.base, server.form);
  const dirty = Object.keys(changes).length > 0;
  const n = index + 1;

  const submit = () => {
    if (!dirty) return;
    errors.clearGeneral();
    const issues = targetIssues(server.form);
    if (issues.length > 0) return errors.showIssues(issues);
    update.mutate({ id: view.id, changes, expectedVersion: server.baseView.version });
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
        value={server.form}
        errorOf={(field) => errors.fields[field]}
        onChange={(patch) => {
          server.setForm((prev) => ({ ...prev, ...patch }));
          errors.clearFields(Object.keys(patch));
        }}
        disabled={update.isPending || remove.isPending}
      />
      <TargetRowActions
        n={n}
        upstream={upstream.name}
        view={view}
        dirty={dirty}
        updating={update.isPending}
        deleting={remove.isPending}
        onUpdate={submit}
        onRevert={() => {
          server.discard();
          errors.clearAll();
        }}
        onDelete={() => remove.mutate({ id: view.id, expectedVersion: server.baseView.version })}
      />
    </TargetEditorRow>
  );
}

function useTargetMutations(
  errors: FormErrors,
  report: (conflict: ConflictReport['conflict'], edited: object) => void,
  onUpdated: (answer: TargetView & { droppedSecrets: string[] }) => void,
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries(trpc.upstreams.pathFilter());
  const onError = (error: unknown, input: object) => {
    const conflict = versionConflictOf(error);
    if (conflict) report(conflict, 'changes' in input ? (input.changes as object) : {});
    else errors.showError(error);
  };
  return {
    update: useMutation(
      trpc.targets.update.mutationOptions({
        onSuccess: (answer) => {
          onUpdated(answer);
          return refresh();
        },
        onError,
      }),
    ),
    remove: useMutation(trpc.targets.delete.mutationOptions({ onSuccess: refresh, onError })),
  };
}
