'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import { upstreamSchema } from '@headwater/core';
import { schemaIssues } from '@/lib/api-errors';
import { formRowKey, isNewUpstreamErrorKey, newUpstreamRequest } from '@/lib/new-upstream-form';
import { emptyTarget, type TargetForm } from '@/lib/target-form';
import { useTRPC } from '@/lib/trpc';
import { emptySettings, type SettingsForm } from '@/lib/upstream-form';
import { useFocusFirstInvalid } from '@/lib/use-focus-first-invalid';
import { type FormErrors, useFormErrors } from '@/lib/use-form-errors';
import { GeneralErrors } from '@/components/field';
import { NewUpstreamTargets } from '@/components/new-upstream-targets';
import { SettingsFields } from '@/components/settings-fields';
import './forms.css';

// /upstreams/new: the upstream and its first targets in one call, so it either exists
// complete or not at all.

export function CreateUpstreamForm() {
  const [settings, setSettings] = useState<SettingsForm>(emptySettings);
  const focus = useFocusFirstInvalid();
  const [targets, setTargets] = useState<TargetForm[]>(() => [emptyTarget()]);
  // Rows left completely blank are not sent; this maps a sent index back to its row.
  const sentRows = useRef<number[]>([]);
  const errors = useFormErrors({
    known: (key) => isNewUpstreamErrorKey(key, targets.length),
    rewrite: (key) => formRowKey(key, sentRows.current),
  });
  const create = useCreateUpstream(errors);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clearGeneral();
    const request = newUpstreamRequest(settings, targets);
    sentRows.current = request.sentRows;
    // Core's schema is the one the runtime applies: same rules, same messages, no round trip.
    // The runtime still validates (and checks what only it can, such as a taken name).
    const checked = upstreamSchema.safeParse(request.input);
    if (checked.success) create.mutate(request.input);
    else {
      errors.showIssues(schemaIssues(checked.error.issues));
      focus.request();
    }
  };

  return (
    <form className="page form" onSubmit={submit} noValidate aria-label="New upstream" ref={focus.ref}>
      <header className="page-head">
        <div>
          <p className="crumbs">
            <Link href="/">Upstreams</Link> /
          </p>
          <h1>New upstream</h1>
        </div>
      </header>
      <GeneralErrors messages={errors.general} />
      <SettingsFields
        value={settings}
        errors={errors.fields}
        storedPassword={false}
        onChange={(change, touched) => {
          setSettings(change);
          errors.clearFields(touched);
        }}
      />
      <NewUpstreamTargets
        rows={targets}
        errors={errors.fields}
        onChange={(index, patch) => {
          setTargets((prev) => prev.map((row, i) => (i === index ? { ...row, ...patch } : row)));
          errors.clearFields(Object.keys(patch).map((field) => `targets.${index}.${field}`));
        }}
        onRemove={(index) => {
          setTargets((prev) => prev.filter((_, i) => i !== index));
          // Indices shift: messages about later rows would land on the wrong row.
          errors.clearFields((key) => key.startsWith('targets.'));
        }}
        onAdd={() => setTargets((prev) => [...prev, emptyTarget()])}
      />
      <div className="form-actions">
        <button type="submit" className="btn btn-primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create upstream'}
        </button>
        <Link href="/" className="btn btn-quiet">
          Cancel
        </Link>
      </div>
    </form>
  );
}

function useCreateUpstream(errors: FormErrors) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation(
    trpc.upstreams.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.upstreams.pathFilter());
        router.push('/');
      },
      onError: errors.showError,
    }),
  );
}
