'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import type { UpstreamView } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';
import { type SettingsForm, settingsChanges, settingsFromView } from '@/lib/upstream-form';
import type { FormErrors } from '@/lib/use-form-errors';
import { GeneralErrors } from '@/components/field';
import { ReadOnlySettings } from '@/components/read-only-settings';
import { SettingsFields } from '@/components/settings-fields';
import './forms.css';

// The edit page's settings: Save sends only what changed; a rename moves to the new address.

export function UpstreamSettingsForm({ view, errors }: { view: UpstreamView; errors: FormErrors }) {
  const initial = settingsFromView(view);
  const [settings, setSettings] = useState<SettingsForm>(initial);
  const [saved, setSaved] = useState(false);
  const update = useSaveSettings(view, errors, () => setSaved(true));
  const changes = settingsChanges(initial, settings);
  const dirty = Object.keys(changes).length > 0;

  const save = (event: FormEvent) => {
    event.preventDefault();
    errors.clearGeneral();
    setSaved(false);
    update.mutate({ name: view.name, changes });
  };

  return (
    <form className="form" onSubmit={save} noValidate aria-label="Upstream settings">
      <GeneralErrors messages={errors.general} />
      <SettingsFields
        value={settings}
        errors={errors.fields}
        storedPassword={Boolean(view.proxy?.password)}
        onChange={(patch, touched) => {
          setSettings((prev) => ({ ...prev, ...patch }));
          setSaved(false);
          errors.clearFields(touched);
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
              errors.clearAll();
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
  );
}

function useSaveSettings(view: UpstreamView, errors: FormErrors, onSaved: () => void) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation(
    trpc.upstreams.update.mutationOptions({
      onSuccess: async (updated) => {
        onSaved();
        if (updated.name !== view.name) {
          queryClient.setQueryData(trpc.upstreams.get.queryKey({ name: updated.name }), updated);
          router.replace(`/upstreams/${encodeURIComponent(updated.name)}`);
        }
        await queryClient.invalidateQueries(trpc.upstreams.pathFilter());
      },
      onError: errors.showError,
    }),
  );
}
