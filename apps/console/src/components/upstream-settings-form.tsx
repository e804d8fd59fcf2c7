'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import type { UpstreamView } from '@/lib/api-types';
import { useEditorSession } from '@/lib/editor-session';
import { patchPaths } from '@/lib/object-paths';
import { saveStatus } from '@/lib/save-status';
import { useTRPC } from '@/lib/trpc';
import {
  isSettingsErrorKey,
  type SettingsForm,
  settingsChanges,
  settingsErrorKey,
  settingsFromView,
  settingsIssues,
} from '@/lib/upstream-form';
import { type FormErrors, useFormErrors } from '@/lib/use-form-errors';
import { useFocusFirstInvalid } from '@/lib/use-focus-first-invalid';
import { type ServerForm, useServerForm } from '@/lib/use-server-form';
import { versionConflictOf } from '@/lib/version-conflict';
import { GeneralErrors } from '@/components/field';
import { SaveBar, type SaveStatus } from '@/components/save-bar';
import { SettingsFields } from '@/components/settings-fields';
import './forms.css';

// The edit page's settings: checked with core's schema before anything is sent; Save sends
// only what changed, with the version the edit started from, so a stale edit is refused
// rather than overwriting someone else's.

const isDirty = (base: SettingsForm, form: SettingsForm) => Object.keys(settingsChanges(base, form)).length > 0;

export function UpstreamSettingsForm({ view }: { view: UpstreamView }) {
  const session = useEditorSession();
  const server = useServerForm(settingsFromView(view), view, isDirty, session.resync);
  const errors = useFormErrors({ known: isSettingsErrorKey, prefixes: ['changes.'], rewrite: settingsErrorKey });
  const [status, setStatus] = useState<SaveStatus | null>(null);
  const focus = useFocusFirstInvalid();
  const changes = settingsChanges(server.base, server.form);
  const update = useSaveSettings(server, errors, setStatus, focus.request);

  const save = (event: FormEvent) => {
    event.preventDefault();
    errors.clearGeneral();
    setStatus(null);
    // Core's schema is the one the runtime applies: same rules, same messages, no round trip.
    const issues = settingsIssues(server.form);
    if (issues.length > 0) {
      errors.showIssues(issues);
      focus.request();
      return;
    }
    update.mutate({ name: server.baseView.name, changes, expectedVersion: server.baseView.version });
  };

  return (
    <form className="form" onSubmit={save} noValidate aria-labelledby="settings-title" ref={focus.ref}>
      <h2 id="settings-title" className="page-section-title">
        Settings
      </h2>
      <GeneralErrors messages={errors.general} />
      <SettingsFields
        value={server.form}
        errors={errors.fields}
        storedPassword={Boolean(server.baseView.proxy?.password)}
        onChange={(change, touched) => {
          server.setForm(change);
          setStatus(null);
          errors.clearFields(touched);
        }}
      />
      <SaveBar
        label="Save settings"
        changeCount={patchPaths(changes).length}
        saving={update.isPending}
        outdated={server.outdated}
        status={status}
        onDiscard={() => {
          server.discard();
          errors.clearAll();
        }}
      />
    </form>
  );
}

function useSaveSettings(
  server: ServerForm<SettingsForm, UpstreamView>,
  errors: FormErrors,
  onSaved: (status: SaveStatus) => void,
  onRefused: () => void,
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const session = useEditorSession();
  return useMutation(
    trpc.upstreams.update.mutationOptions({
      onSuccess: async ({ droppedSecrets, ...updated }) => {
        server.saved(settingsFromView(updated), updated);
        onSaved(saveStatus(droppedSecrets));
        queryClient.setQueryData(trpc.upstreams.get.queryKey({ name: updated.name }), updated);
        if (updated.name !== server.baseView.name) router.replace(`/upstreams/${encodeURIComponent(updated.name)}`);
        await queryClient.invalidateQueries(trpc.upstreams.list.queryFilter());
      },
      onError: (error, input) => {
        const conflict = versionConflictOf(error);
        if (!conflict) {
          errors.showError(error);
          onRefused();
          return;
        }
        session.reportConflict({ conflict, base: server.baseView, edited: patchPaths(input.changes as object) });
      },
    }),
  );
}
