'use client';

import { ACTIVE_BODY_FIELD, ACTIVE_PROBE_FIELDS, ACTIVE_THRESHOLD_FIELDS, settingDoc } from '@/lib/settings-catalog';
import { CheckField } from '@/components/field';
import { ProbeHeadersEditor } from '@/components/probe-headers-editor';
import { SettingInput } from '@/components/setting-input';
import { SettingGrid, type SettingsEditProps, SettingsSection, textSetter } from '@/components/settings-section';
import './forms.css';

// Active checks are on when the upstream has an `active` block. Turned off, the block goes and
// its fields keep what they showed, so turning them on again starts from there.

const ACTIVE_KEYS = (key: string) => key === 'healthChecks.active' || key.startsWith('healthChecks.active.');

export function ActiveChecksSection(edit: SettingsEditProps) {
  const { value, errors, onChange } = edit;
  return (
    <SettingsSection id="section-active" title="Active health checks">
      <CheckField
        id="setting-healthChecks-active"
        label="Probe every target on a schedule"
        checked={value.activeOn}
        onChange={(activeOn) => onChange((form) => ({ ...form, activeOn }), Object.keys(errors).filter(ACTIVE_KEYS))}
        hint={`${settingDoc('healthChecks.active').description} Off: a target's health comes from its traffic alone.`}
        error={errors['healthChecks.active']}
      />
      {value.activeOn && (
        <>
          <h3 className="subsection-title">Probe</h3>
          <SettingGrid fields={ACTIVE_PROBE_FIELDS} edit={edit} />
          <h3 className="subsection-title">Thresholds and intervals</h3>
          <SettingGrid fields={ACTIVE_THRESHOLD_FIELDS} edit={edit} />
          <h3 className="subsection-title">Request</h3>
          <div className="grid-fields">
            <ProbeHeadersEditor
              rows={value.probeHeaders}
              errors={errors}
              onChange={(probeHeaders, touched) => onChange((form) => ({ ...form, probeHeaders }), touched)}
            />
            <SettingInput
              field={ACTIVE_BODY_FIELD}
              text={value.text[ACTIVE_BODY_FIELD.path] ?? ''}
              error={errors[ACTIVE_BODY_FIELD.path]}
              onText={textSetter(edit, ACTIVE_BODY_FIELD.path)}
              note="Empty: no body."
            />
          </div>
        </>
      )}
    </SettingsSection>
  );
}
