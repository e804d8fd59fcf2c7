'use client';

import {
  ALGORITHM_FIELD,
  HASH_ON_FIELD,
  NAME_FIELD,
  PASSIVE_FIELDS,
  RETRY_FIELDS,
  settingDoc,
  TIER_FIELDS,
  TIMEOUT_FIELDS,
} from '@/lib/settings-catalog';
import { ActiveChecksSection } from '@/components/active-checks-section';
import { CheckField } from '@/components/field';
import { ProxySection } from '@/components/proxy-section';
import { RetryOnField } from '@/components/retry-on-field';
import { SettingInput } from '@/components/setting-input';
import { SettingGrid, type SettingsEditProps, SettingsSection, textSetter } from '@/components/settings-section';
import './forms.css';

// Every setting of an upstream, grouped the way an operator thinks about them; shared by the
// create and edit pages. Error keys are API paths ("retries", "timeouts.connectMs", "proxy.host").

export function SettingsFields(edit: SettingsEditProps) {
  return (
    <>
      <GeneralSection {...edit} />
      <SettingsSection id="section-retries" title="Retries">
        <SettingGrid fields={RETRY_FIELDS} edit={edit} />
        <RetryOnField {...edit} />
      </SettingsSection>
      <SettingsSection id="section-timeouts" title="Timeouts" intro={settingDoc('timeouts').description}>
        <SettingGrid fields={TIMEOUT_FIELDS} edit={edit} />
      </SettingsSection>
      <SettingsSection id="section-tiers" title="Slow start, tiers and draining">
        <SettingGrid fields={TIER_FIELDS} edit={edit} />
      </SettingsSection>
      <ActiveChecksSection {...edit} />
      <SettingsSection
        id="section-passive"
        title="Passive health checks (circuit breaker)"
        intro={settingDoc('healthChecks.passive').description}
      >
        <SettingGrid fields={PASSIVE_FIELDS} edit={edit} />
      </SettingsSection>
      <ProxySection {...edit} />
    </>
  );
}

/** Name, algorithm, the hash key (shown while it is used, or set and so clearable), fail open and quota-aware routing. */
function GeneralSection(edit: SettingsEditProps) {
  const { value, errors, onChange } = edit;
  const hashUsed = value.text.algorithm === 'consistent-hash';
  const showHash = hashUsed || (value.text.hashOn ?? '') !== '';
  return (
    <SettingsSection id="section-general" title="Name and routing">
      <div className="grid-fields">
        {[NAME_FIELD, ALGORITHM_FIELD].map((field) => (
          <SettingInput
            key={field.path}
            field={field}
            text={value.text[field.path] ?? ''}
            error={errors[field.path]}
            onText={(text) =>
              onChange(
                (form) => ({ ...form, text: { ...form.text, [field.path]: text } }),
                field === ALGORITHM_FIELD ? ['algorithm', 'hashOn'] : [field.path],
              )
            }
          />
        ))}
        {showHash && (
          <SettingInput
            field={HASH_ON_FIELD}
            text={value.text.hashOn ?? ''}
            error={errors.hashOn}
            onText={textSetter(edit, 'hashOn')}
            note={hashUsed ? 'Required for consistent-hash.' : 'Not used by this algorithm: empty it to clear it.'}
          />
        )}
        <CheckField
          id="setting-failOpen"
          label="Fail open"
          checked={value.failOpen}
          onChange={(failOpen) => onChange((form) => ({ ...form, failOpen }), ['failOpen'])}
          hint={settingDoc('failOpen').description}
          error={errors.failOpen}
        />
        <CheckField
          id="setting-quotaAware"
          label="Quota-aware routing"
          checked={value.quotaAware}
          onChange={(quotaAware) => onChange((form) => ({ ...form, quotaAware }), ['quotaAware'])}
          hint={settingDoc('quotaAware').description}
          error={errors.quotaAware}
        />
      </div>
    </SettingsSection>
  );
}
