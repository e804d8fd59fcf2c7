'use client';

import { PROXY_FIELDS, settingDoc } from '@/lib/settings-catalog';
import { CheckField, Field } from '@/components/field';
import { SettingGrid, type SettingsEditProps, SettingsSection } from '@/components/settings-section';
import './forms.css';

// The forward proxy. Its password is write-only: a stored one is never sent to the browser,
// and an empty input keeps it. Clearing the user drops the password with it (Basic auth
// needs both), and so does moving the proxy unless the password is typed again.

const PROXY_KEYS = (key: string) => key === 'proxy' || key.startsWith('proxy.');

export function ProxySection(edit: SettingsEditProps) {
  const { value, errors, onChange, storedPassword } = edit;
  return (
    <SettingsSection id="section-proxy" title="Forward proxy">
      <CheckField
        id="setting-proxy"
        label="Connect to targets through an HTTP proxy (CONNECT)"
        checked={value.proxyOn}
        onChange={(proxyOn) => onChange((form) => ({ ...form, proxyOn }), Object.keys(errors).filter(PROXY_KEYS))}
        hint={settingDoc('proxy').description}
        error={errors.proxy}
      />
      {value.proxyOn && (
        <div className="grid-fields">
          <SettingGrid fields={PROXY_FIELDS} edit={edit} bare />
          <Field
            id="setting-proxy-password"
            label="Proxy password"
            error={errors['proxy.password']}
            hint={
              storedPassword
                ? 'A password is stored (never shown). Leave empty to keep it; moving the proxy or clearing the user drops it.'
                : settingDoc('proxy.password').description
            }
          >
            {(control) => (
              <input
                {...control}
                type="password"
                value={value.proxyPassword}
                onChange={(e) => onChange((form) => ({ ...form, proxyPassword: e.target.value }), ['proxy.password'])}
                autoComplete="new-password"
                placeholder={storedPassword ? '•••••• stored' : ''}
              />
            )}
          </Field>
        </div>
      )}
    </SettingsSection>
  );
}
