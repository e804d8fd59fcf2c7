'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { TargetCreateInput, UpstreamView } from '@/lib/api-types';
import { useEditorSession } from '@/lib/editor-session';
import { hostPort } from '@/lib/format';
import { isTargetField, TARGET_FIELDS, type TargetForm, targetInput, targetIssues } from '@/lib/target-form';
import { useTRPC } from '@/lib/trpc';
import { useFormErrors } from '@/lib/use-form-errors';
import { versionConflictOf } from '@/lib/version-conflict';
import { TargetEditorRow } from '@/components/target-editor-row';
import { TargetFieldCells } from '@/components/target-field-cells';

// A target not created yet on the edit page: Create target sends it on its own; Cancel drops
// the row. Nothing shows in the grid until the runtime has accepted it.

export function NewTargetRow(props: { index: number; upstream: UpstreamView; draft: TargetForm; onDone: () => void }) {
  const { index, upstream, draft, onDone } = props;
  const session = useEditorSession();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(draft);
  const errors = useFormErrors({ known: isTargetField, prefixes: ['target.'] });
  const create = useMutation(
    trpc.targets.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.upstreams.pathFilter());
        onDone();
      },
      onError: (error, input) => {
        const conflict = versionConflictOf(error);
        if (!conflict) return errors.showError(error);
        const address = hostPort({ host: String(input.target.host), port: Number(input.target.port) });
        session.reportConflict({ conflict, base: upstream, edited: [`targets.${address}`] });
      },
    }),
  );

  const submit = () => {
    errors.clearGeneral();
    const issues = targetIssues(form, 'default');
    if (issues.length > 0) return errors.showIssues(issues);
    create.mutate({ upstream: upstream.name, target: targetInput(form) as TargetCreateInput, expectedVersion: upstream.version });
  };

  return (
    <TargetEditorRow index={index} className="row-draft" onEnter={submit} general={errors.general}>
      <td className="muted num">new</td>
      <td className="state-cell" />
      <TargetFieldCells
        fields={TARGET_FIELDS}
        idPrefix={`edit-target-${index}`}
        rowNumber={index + 1}
        value={form}
        errorOf={(field) => errors.fields[field]}
        onChange={(patch) => {
          setForm((prev) => ({ ...prev, ...patch }));
          errors.clearFields(Object.keys(patch));
        }}
        disabled={create.isPending}
      />
      <td className="actions">
        <button type="button" className="btn btn-small btn-primary" onClick={submit} disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create target'}
        </button>
        <button type="button" className="btn btn-small btn-quiet" onClick={onDone} disabled={create.isPending}>
          Cancel
        </button>
      </td>
    </TargetEditorRow>
  );
}
