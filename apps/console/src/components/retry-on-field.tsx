'use client';

import { RETRY_OUTCOMES, type SettingsForm } from '@/lib/upstream-form';
import { readableValue } from '@/lib/setting-display';
import { settingDoc } from '@/lib/settings-catalog';
import type { SettingsEditProps } from '@/components/settings-section';
import './forms.css';

// `retryOn` as a set of checkboxes. `timeout` is off by default and says why before it is
// turned on: the first attempt may still be running, and billed.

const LABELS: Record<SettingsForm['retryOn'][number], string> = {
  'connect-error': 'connect error',
  reset: 'connection reset',
  timeout: 'timeout',
  '429': '429 rate limited',
  '502': '502',
  '503': '503',
  '504': '504',
};

export function RetryOnField(edit: SettingsEditProps) {
  const { value, errors, onChange } = edit;
  const doc = settingDoc('retryOn');
  const error = errors.retryOn;
  const toggle = (outcome: SettingsForm['retryOn'][number], on: boolean) =>
    onChange((form) => ({ ...form, retryOn: on ? [...form.retryOn, outcome] : form.retryOn.filter((o) => o !== outcome) }), ['retryOn']);
  return (
    <fieldset className="subfield span-all" aria-describedby={`retry-on-hint${error ? ' retry-on-error' : ''}`}>
      <legend>Retry on</legend>
      <div className="checks">
        {RETRY_OUTCOMES.map((outcome) => (
          <label key={outcome} className="check">
            <input type="checkbox" checked={value.retryOn.includes(outcome)} onChange={(e) => toggle(outcome, e.target.checked)} />
            {LABELS[outcome]}
          </label>
        ))}
      </div>
      <p className="hint" id="retry-on-hint">
        {doc.description} <span className="hint-default">Default: {readableValue({ kind: 'text' }, doc.defaultValue)}.</span>
      </p>
      {value.retryOn.includes('timeout') && (
        <p className="alert alert-warn inline-alert" role="note">
          Retrying a timeout sends the request again while the first attempt may still be running: a timed-out completion can still finish,
          and be billed, on the first target.
        </p>
      )}
      {error && (
        <p className="field-error" id="retry-on-error" role="alert">
          {error}
        </p>
      )}
    </fieldset>
  );
}
