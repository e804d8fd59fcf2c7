'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import { upstreamSchema } from '@headwater/core';
import {
  type ApiIssue,
  apiIssues,
  type FieldErrors,
  normalizePath,
  type SortedErrors,
  sortErrors,
  sortIssues,
  withoutErrors,
} from '@/lib/api-errors';
import { useTRPC } from '@/lib/trpc';
import {
  emptySettings,
  emptyTarget,
  numberOrDefault,
  proxyInput,
  type SettingsForm,
  type TargetForm,
  targetInput,
} from '@/lib/upstream-form';
import { GeneralErrors } from '@/components/field';
import { NewTargetRows, TARGET_FIELDS } from '@/components/new-target-rows';
import { SETTINGS_ERROR_KEYS, SettingsFields } from '@/components/settings-fields';

// /upstreams/new: the upstream and its first targets in one call, so it either exists
// complete or not at all.

export function CreateUpstreamForm() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [settings, setSettings] = useState<SettingsForm>(emptySettings);
  const [targets, setTargets] = useState<TargetForm[]>(() => [emptyTarget()]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string[]>([]);

  const create = useMutation(
    trpc.upstreams.create.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.upstreams.pathFilter());
        router.push('/');
      },
      onError: (error) => {
        const issues = apiIssues(error);
        if (issues.length > 0) showIssues(issues);
        else show(sortErrors(error, isKnown));
      },
    }),
  );

  // Rows left completely blank are not sent; this maps a sent index back to its row.
  const sentRows = useRef<number[]>([]);
  const isKnown = (key: string) => SETTINGS_ERROR_KEYS.has(key) || isTargetKey(key, targets.length);
  const show = (sorted: SortedErrors) => {
    setErrors(sorted.fields);
    setGeneral(sorted.general);
  };
  const showIssues = (issues: ApiIssue[]) =>
    show(
      sortIssues(
        issues.map((issue) => ({
          ...issue,
          path: issue.path.replace(/^targets\.(\d+)(?=\.|$)/, (_, i: string) => `targets.${sentRows.current[Number(i)] ?? i}`),
        })),
        isKnown,
      ),
    );

  const clear = (keys: string[]) => setErrors((prev) => withoutErrors(prev, keys));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setGeneral([]);
    const filled = targets.map((row, index) => ({ row, index })).filter(({ row }) => !isBlank(row));
    sentRows.current = filled.map(({ index }) => index);
    const input = {
      name: settings.name.trim(),
      algorithm: settings.algorithm,
      ...(settings.algorithm === 'consistent-hash' && settings.hashOn.trim() ? { hashOn: settings.hashOn.trim() } : {}),
      retries: numberOrDefault(settings.retries),
      slowStartMs: numberOrDefault(settings.slowStartMs),
      failOpen: settings.failOpen,
      proxy: proxyInput(settings),
      targets: filled.map(({ row }) => targetInput(row)),
    };
    // Core's schema is the one the runtime applies: same rules, same messages, no round trip.
    // The runtime still validates (and checks what only it can, such as a taken name).
    const checked = upstreamSchema.safeParse(input);
    if (!checked.success) {
      showIssues(checked.error.issues.map((i) => ({ path: normalizePath(i.path), message: i.message })));
      return;
    }
    create.mutate(input);
  };

  return (
    <form className="page form" onSubmit={submit} noValidate aria-label="New upstream">
      <header className="page-head">
        <div>
          <p className="crumbs">
            <Link href="/">Upstreams</Link> /
          </p>
          <h1>New upstream</h1>
        </div>
      </header>

      <GeneralErrors messages={general} />

      <SettingsFields
        value={settings}
        errors={errors}
        onChange={(patch, touched) => {
          setSettings((prev) => ({ ...prev, ...patch }));
          clear(touched);
        }}
      />

      <fieldset className="section">
        <legend>Targets</legend>
        <NewTargetRows
          rows={targets}
          errors={errors}
          onChange={(index, patch) => {
            setTargets((prev) => prev.map((row, i) => (i === index ? { ...row, ...patch } : row)));
            clear(Object.keys(patch).map((field) => `targets.${index}.${field}`));
          }}
          onRemove={(index) => {
            setTargets((prev) => prev.filter((_, i) => i !== index));
            // Indices shift: messages about later rows would land on the wrong row.
            setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([key]) => !key.startsWith('targets.'))));
          }}
        />
        <div className="row-actions">
          <button type="button" className="btn" onClick={() => setTargets((prev) => [...prev, emptyTarget()])}>
            Add target
          </button>
          {errors.targets && (
            <p className="field-error" role="alert">
              {errors.targets}
            </p>
          )}
          <span className="hint">Rows left without host and port are ignored.</span>
        </div>
      </fieldset>

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

/** A row the operator added but never filled in (weight and priority keep their defaults). */
function isBlank(row: TargetForm): boolean {
  return row.host.trim() === '' && row.port.trim() === '';
}

function isTargetKey(key: string, count: number): boolean {
  if (key === 'targets') return true;
  const match = /^targets\.(\d+)\.(\w+)$/.exec(key);
  if (!match) return false;
  return Number(match[1]) < count && (TARGET_FIELDS as readonly string[]).includes(match[2] ?? '');
}
