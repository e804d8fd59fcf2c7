'use client';

import { useState } from 'react';
import type { FieldErrors } from '@/lib/api-errors';
import { newHeaderRow, type SecretHeaderRow } from '@/lib/secret-headers';
import { targetDoc } from '@/lib/target-catalog';
import './forms.css';
import './header-rows.css';

// A target's injected headers, write-only: names are shown, stored values only as their mask.
// "Replace value" opens a password input for a new one; a value typed here is sent once and
// never shown again. Errors come keyed "headers.<name>" (or the row's key for a nameless one).

export function InjectedHeadersEditor(props: {
  rows: readonly SecretHeaderRow[];
  errors: FieldErrors;
  onChange: (rows: SecretHeaderRow[], touched: string[]) => void;
  /** Host, port, protocol or TLS settings changed in this edit: stored values will not follow. */
  destinationMoved: boolean;
}) {
  const { rows, errors, onChange, destinationMoved } = props;
  const keysOf = (row: SecretHeaderRow) => ['headers', `headers.${row.name.trim()}`, `headers.${row.key}`];
  const update = (index: number, patch: Partial<SecretHeaderRow>) =>
    onChange(
      rows.map((row, i) => (i === index ? { ...row, ...patch } : row)),
      keysOf(rows[index] as SecretHeaderRow),
    );
  const keptStored = rows.filter((row) => row.masked !== null && row.value === '');
  return (
    <div className="injected-headers">
      {rows.length === 0 ? (
        <p className="muted">No injected headers.</p>
      ) : (
        <ul className="header-rows">
          {rows.map((row, index) => (
            <InjectedHeaderRow
              key={row.key}
              row={row}
              n={index + 1}
              error={errors[`headers.${row.name.trim()}`] ?? errors[`headers.${row.key}`]}
              onChange={(patch) => update(index, patch)}
              onRemove={() =>
                onChange(
                  rows.filter((_, i) => i !== index),
                  keysOf(row),
                )
              }
            />
          ))}
        </ul>
      )}
      {destinationMoved && keptStored.length > 0 && (
        <p className="alert alert-warn inline-alert" role="note">
          This edit moves the target: the stored value of {keptStored.map((row) => row.name).join(', ')} will be dropped unless you replace
          it here. Secrets follow their destination.
        </p>
      )}
      <button type="button" className="btn btn-small" onClick={() => onChange([...rows, newHeaderRow()], [])}>
        Add header
      </button>
      <p className="hint">{targetDoc('headers').description}</p>
      {errors.headers && (
        <p className="field-error" role="alert">
          {errors.headers}
        </p>
      )}
    </div>
  );
}

function InjectedHeaderRow(props: {
  row: SecretHeaderRow;
  n: number;
  error: string | undefined;
  onChange: (patch: Partial<SecretHeaderRow>) => void;
  onRemove: () => void;
}) {
  const { row, n, error, onChange, onRemove } = props;
  const [replacing, setReplacing] = useState(row.value !== '');
  const errorId = `injected-header-${n}-error`;
  const invalid = { 'aria-invalid': Boolean(error), 'aria-describedby': error ? errorId : undefined };
  const stored = row.masked !== null;
  return (
    <li className="header-row" data-testid={`injected-header-${stored ? row.name : n}`}>
      {stored ? (
        <span className="header-name">{row.name}</span>
      ) : (
        <input
          className="mono"
          aria-label={`Injected header ${n}`}
          placeholder="authorization"
          value={row.name}
          spellCheck={false}
          autoComplete="off"
          {...invalid}
          onChange={(e) => onChange({ name: e.target.value })}
        />
      )}
      {stored && !replacing ? (
        <span className="secret-mask" title="Stored secret: never shown">
          {row.masked}
        </span>
      ) : (
        <input
          type="password"
          aria-label={stored ? `New value of ${row.name}` : `Injected header ${n} value`}
          placeholder={stored ? 'new value' : 'value'}
          value={row.value}
          autoComplete="new-password"
          {...(stored ? invalid : {})}
          onChange={(e) => onChange({ value: e.target.value })}
        />
      )}
      <span className="header-row-actions">
        {stored && (
          <button
            type="button"
            className="btn btn-small btn-quiet"
            aria-label={replacing ? `Keep the stored value of ${row.name}` : `Replace the value of ${row.name}`}
            onClick={() => {
              setReplacing(!replacing);
              if (replacing) onChange({ value: '' });
            }}
          >
            {replacing ? 'Keep stored' : 'Replace value'}
          </button>
        )}
        <button
          type="button"
          className="btn btn-small btn-quiet btn-danger-quiet"
          aria-label={`Remove header ${stored ? row.name : n}`}
          onClick={onRemove}
        >
          Remove
        </button>
      </span>
      {error && (
        <p className="field-error header-row-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
