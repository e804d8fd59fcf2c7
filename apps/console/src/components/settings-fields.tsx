'use client';

import type { FieldErrors } from '@/lib/api-errors';
import { ALGORITHMS, type SettingsForm } from '@/lib/upstream-form';
import { Field } from '@/components/field';

// The upstream's own settings, shared by the create and edit pages. Error keys are API
// paths: "name", "retries", "proxy.host"...

export const SETTINGS_ERROR_KEYS = new Set([
  'name',
  'algorithm',
  'hashOn',
  'retries',
  'slowStartMs',
  'failOpen',
  'proxy',
  'proxy.host',
  'proxy.port',
  'proxy.username',
  'proxy.password',
]);

export function SettingsFields(props: {
  value: SettingsForm;
  onChange: (patch: Partial<SettingsForm>, touched: string[]) => void;
  errors: FieldErrors;
  /** Edit page: a password is stored and shown masked; empty input keeps it. */
  storedPassword?: boolean;
}) {
  const { value, onChange, errors, storedPassword } = props;
  const set = (key: keyof SettingsForm, errorKey: string) => (e: { target: { value: string } }) =>
    onChange({ [key]: e.target.value }, [errorKey]);
  return (
    <>
      <fieldset className="section">
        <legend>Upstream</legend>
        <div className="grid-fields">
          <Field
            id="upstream-name"
            label="Name"
            error={errors.name}
            hint="Lowercase letters, digits, “-” and “.”; used as the Host to route by."
            className="span-2"
          >
            {(control) => (
              <input
                {...control}
                className="mono"
                value={value.name}
                onChange={set('name', 'name')}
                autoComplete="off"
                spellCheck={false}
              />
            )}
          </Field>
          <Field id="upstream-algorithm" label="Algorithm" error={errors.algorithm}>
            {(control) => (
              <select
                {...control}
                value={value.algorithm}
                onChange={(e) => onChange({ algorithm: e.target.value as SettingsForm['algorithm'] }, ['algorithm', 'hashOn'])}
              >
                {ALGORITHMS.map((a) => (
                  <option key={a} value={a}>
                    {a}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {value.algorithm === 'consistent-hash' && (
            <Field id="upstream-hash-on" label="Hash on" error={errors.hashOn} hint="header:NAME, ip or cookie:NAME">
              {(control) => (
                <input
                  {...control}
                  className="mono"
                  value={value.hashOn}
                  onChange={set('hashOn', 'hashOn')}
                  placeholder="header:x-user-id"
                />
              )}
            </Field>
          )}
          <Field id="upstream-retries" label="Retries" error={errors.retries} hint="Extra attempts on other targets.">
            {(control) => (
              <input {...control} type="number" inputMode="numeric" value={value.retries} onChange={set('retries', 'retries')} />
            )}
          </Field>
          <Field id="upstream-slow-start" label="Slow start (ms)" error={errors.slowStartMs} hint="Ramp-up after recovery; 0 = off.">
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="numeric"
                step={1000}
                value={value.slowStartMs}
                onChange={set('slowStartMs', 'slowStartMs')}
              />
            )}
          </Field>
          <div className={`field field-check${errors.failOpen ? ' field-invalid' : ''}`}>
            <label>
              <input
                type="checkbox"
                checked={value.failOpen}
                onChange={(e) => onChange({ failOpen: e.target.checked }, ['failOpen'])}
                aria-describedby="upstream-fail-open-hint"
              />
              Fail open
            </label>
            <p className="hint" id="upstream-fail-open-hint">
              When nothing is eligible, pick an enabled target anyway instead of answering 503.
            </p>
            {errors.failOpen && (
              <p className="field-error" role="alert">
                {errors.failOpen}
              </p>
            )}
          </div>
        </div>
      </fieldset>

      <fieldset className="section">
        <legend>Forward proxy</legend>
        <div className="field field-check">
          <label>
            <input
              type="checkbox"
              checked={value.useProxy}
              onChange={(e) =>
                onChange({ useProxy: e.target.checked }, ['proxy', 'proxy.host', 'proxy.port', 'proxy.username', 'proxy.password'])
              }
            />
            Connect to targets through an HTTP proxy (CONNECT)
          </label>
          {errors.proxy && (
            <p className="field-error" role="alert">
              {errors.proxy}
            </p>
          )}
        </div>
        {value.useProxy && (
          <div className="grid-fields">
            <Field id="proxy-host" label="Proxy host" error={errors['proxy.host']} className="span-2">
              {(control) => (
                <input {...control} className="mono" value={value.proxyHost} onChange={set('proxyHost', 'proxy.host')} spellCheck={false} />
              )}
            </Field>
            <Field id="proxy-port" label="Proxy port" error={errors['proxy.port']}>
              {(control) => (
                <input {...control} type="number" inputMode="numeric" value={value.proxyPort} onChange={set('proxyPort', 'proxy.port')} />
              )}
            </Field>
            {/* "Proxy user", not "username": keeps getByLabel('Name') unambiguous. */}
            <Field id="proxy-username" label="Proxy user" error={errors['proxy.username']}>
              {(control) => (
                <input {...control} value={value.proxyUsername} onChange={set('proxyUsername', 'proxy.username')} autoComplete="off" />
              )}
            </Field>
            <Field
              id="proxy-password"
              label="Proxy password"
              error={errors['proxy.password']}
              hint={storedPassword ? 'Stored. Leave empty to keep it.' : undefined}
            >
              {(control) => (
                <input
                  {...control}
                  type="password"
                  value={value.proxyPassword}
                  onChange={set('proxyPassword', 'proxy.password')}
                  autoComplete="new-password"
                  placeholder={storedPassword ? '•••••• (unchanged)' : ''}
                />
              )}
            </Field>
          </div>
        )}
      </fieldset>
    </>
  );
}
