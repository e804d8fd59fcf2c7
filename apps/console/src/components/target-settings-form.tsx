'use client';

import { type FormEvent, useState } from 'react';
import type { TargetView, UpstreamView } from '@/lib/api-types';
import { useEditorSession } from '@/lib/editor-session';
import { patchPaths } from '@/lib/object-paths';
import { isTargetErrorKey, targetErrorKey } from '@/lib/target-catalog';
import { type TargetForm, targetChanges, targetFromView, targetIssues } from '@/lib/target-form';
import { useFocusFirstInvalid } from '@/lib/use-focus-first-invalid';
import { useFormErrors } from '@/lib/use-form-errors';
import { useSaveTarget } from '@/lib/use-save-target';
import { useServerForm } from '@/lib/use-server-form';
import { GeneralErrors } from '@/components/field';
import { HealthCheckOverrides } from '@/components/health-check-overrides';
import { InjectedHeadersEditor } from '@/components/injected-headers-editor';
import { SaveBar, type SaveStatus } from '@/components/save-bar';
import { SettingsSection } from '@/components/settings-section';
import { TargetAddressFields, TargetTrafficFields } from '@/components/target-fields';
import './forms.css';

// Everything about one target: address and TLS, traffic, injected headers (write-only), and
// health-check overrides. One Save sends only what changed, with the version it started from.

const isDirty = (base: TargetForm, form: TargetForm) => Object.keys(targetChanges(base, form)).length > 0;
const DESTINATION = ['host', 'port', 'protocol', 'tlsVerify', 'caCert'] as const;

export function TargetSettingsForm({ upstream, target }: { upstream: UpstreamView; target: TargetView }) {
  const session = useEditorSession();
  const server = useServerForm(targetFromView(target), upstream, isDirty, session.resync);
  const errors = useFormErrors({ known: isTargetErrorKey, prefixes: ['changes.'], rewrite: targetErrorKey });
  const [status, setStatus] = useState<SaveStatus | null>(null);
  const focus = useFocusFirstInvalid();
  const save = useSaveTarget({ server, target, errors, onSaved: setStatus, onRefused: focus.request });
  const changes = targetChanges(server.base, server.form);
  const form = server.form;
  const edit = (update: (form: TargetForm) => TargetForm, touched: readonly string[]) => {
    server.setForm(update);
    setStatus(null);
    errors.clearFields(touched);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    errors.clearGeneral();
    setStatus(null);
    const issues = targetIssues(form);
    if (issues.length > 0) {
      errors.showIssues(issues);
      focus.request();
      return;
    }
    save.mutate({ id: target.id, changes, expectedVersion: server.baseView.version });
  };

  return (
    <form className="form" onSubmit={submit} noValidate aria-label="Target settings" ref={focus.ref}>
      <GeneralErrors messages={errors.general} />
      <SettingsSection id="section-address" title="Address and TLS">
        <TargetAddressFields value={form} errors={errors.fields} onChange={edit} />
      </SettingsSection>
      <SettingsSection id="section-traffic" title="Traffic and admin state">
        <TargetTrafficFields value={form} errors={errors.fields} onChange={edit} />
      </SettingsSection>
      <SettingsSection id="section-headers" title="Injected headers">
        <InjectedHeadersEditor
          rows={form.headers}
          errors={errors.fields}
          onChange={(headers, touched) => edit((prev) => ({ ...prev, headers }), touched)}
          destinationMoved={DESTINATION.some((field) => field in changes)}
        />
      </SettingsSection>
      <SettingsSection id="section-overrides" title="Health-check overrides">
        <HealthCheckOverrides
          upstream={upstream}
          value={form.overrides}
          errors={errors.fields}
          onChange={(update, touched) => edit((prev) => ({ ...prev, overrides: update(prev.overrides) }), touched)}
        />
      </SettingsSection>
      <SaveBar
        label="Save target"
        changeCount={patchPaths(changes).length}
        saving={save.isPending}
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
