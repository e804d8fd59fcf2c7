'use client';

import type { FieldErrors } from '@/lib/api-errors';
import { ALGORITHMS, type SettingsForm } from '@/lib/upstream-form';
import { CheckField, Field } from '@/components/field';
import './forms.css';

// The upstream's own settings, shared by the create and edit pages. Error keys are API
// paths: "name", "retries", "proxy.host"... (SETTINGS_ERROR_KEYS lists them).

type Props = {
  value: SettingsForm;
  /** `touched`: the error keys the change makes stale. */
  onChange: (patch: Partial<SettingsForm>, touched: string[]) => void;
  errors: FieldErrors;
};

const PROXY_ERROR_KEYS = ['proxy', 'proxy.host', 'proxy.port', 'proxy.username', 'proxy.password'];

/** An input's change handler that sets one text field and clears its error. */
const setter =
  ({ onChange }: Props, key: keyof SettingsForm, errorKey: string) =>
  (e: { target: { value: string } }) =>
    onChange({ [key]: e.target.value }, [errorKey]);

export function SettingsFields(
  props: Props & {
    /** Edit page: a password is stored and shown masked; empty input keeps it. */
    storedPassword?: boolean;
  },
) {
  const { storedPassword, ...fields } = props;
  return (
    <>
      <UpstreamFieldset {...fields} />
      <ProxyFieldset {...fields} storedPassword={storedPassword ?? false} />
    </>
  );
}

function UpstreamFieldset(props: Props) {
  const { value, errors, onChange } = props;
  return (
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
              onChange={setter(props, 'name', 'name')}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <AlgorithmFields {...props} />
        <Field id="upstream-retries" label="Retries" error={errors.retries} hint="Extra attempts on other targets.">
          {(control) => (
            <input {...control} type="number" inputMode="numeric" value={value.retries} onChange={setter(props, 'retries', 'retries')} />
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
              onChange={setter(props, 'slowStartMs', 'slowStartMs')}
            />
          )}
        </Field>
        <CheckField
          id="upstream-fail-open"
          label="Fail open"
          checked={value.failOpen}
          onChange={(failOpen) => onChange({ failOpen }, ['failOpen'])}
          hint="When nothing is eligible, pick an enabled target anyway instead of answering 503."
          error={errors.failOpen}
        />
      </div>
    </fieldset>
  );
}

/** The algorithm, and the hash key when it needs one. */
function AlgorithmFields(props: Props) {
  const { value, errors, onChange } = props;
  return (
    <>
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
              onChange={setter(props, 'hashOn', 'hashOn')}
              placeholder="header:x-user-id"
            />
          )}
        </Field>
      )}
    </>
  );
}

function ProxyFieldset(props: Props & { storedPassword: boolean }) {
  const { value, errors, onChange, storedPassword } = props;
  return (
    <fieldset className="section">
      <legend>Forward proxy</legend>
      <CheckField
        id="upstream-use-proxy"
        label="Connect to targets through an HTTP proxy (CONNECT)"
        checked={value.useProxy}
        onChange={(useProxy) => onChange({ useProxy }, PROXY_ERROR_KEYS)}
        error={errors.proxy}
      />
      {value.useProxy && (
        <div className="grid-fields">
          <Field id="proxy-host" label="Proxy host" error={errors['proxy.host']} className="span-2">
            {(control) => (
              <input
                {...control}
                className="mono"
                value={value.proxyHost}
                onChange={setter(props, 'proxyHost', 'proxy.host')}
                spellCheck={false}
              />
            )}
          </Field>
          <Field id="proxy-port" label="Proxy port" error={errors['proxy.port']}>
            {(control) => (
              <input
                {...control}
                type="number"
                inputMode="numeric"
                value={value.proxyPort}
                onChange={setter(props, 'proxyPort', 'proxy.port')}
              />
            )}
          </Field>
          {/* "Proxy user", not "username": keeps getByLabel('Name') unambiguous. */}
          <Field id="proxy-username" label="Proxy user" error={errors['proxy.username']}>
            {(control) => (
              <input
                {...control}
                value={value.proxyUsername}
                onChange={setter(props, 'proxyUsername', 'proxy.username')}
                autoComplete="off"
              />
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
                onChange={setter(props, 'proxyPassword', 'proxy.password')}
                autoComplete="new-password"
                placeholder={storedPassword ? '•••••• (unchanged)' : ''}
              />
            )}
          </Field>
        </div>
      )}
    </fieldset>
  );
}
