'use client';

import type { FieldErrors } from '@/lib/api-errors';
import { settingDoc } from '@/lib/settings-catalog';
import type { HeaderRow } from '@/lib/upstream-form';
import './forms.css';
import './header-rows.css';

// Probe headers: name and value per row, in clear (they are not secrets; a target's injected
// headers, which are, go with every probe anyway). Errors come keyed by header name.

const PATH = 'healthChecks.active.headers';
let lastKey = 0;

export function ProbeHeadersEditor(props: {
  rows: readonly HeaderRow[];
  errors: FieldErrors;
  onChange: (rows: HeaderRow[], touched: string[]) => void;
}) {
  const { rows, errors, onChange } = props;
  const update = (index: number, patch: Partial<HeaderRow>) => {
    const row = rows[index];
    onChange(
      rows.map((r, i) => (i === index ? { ...r, ...patch } : r)),
      [PATH, `${PATH}.${row?.name.trim() ?? ''}`],
    );
  };
  return (
    <fieldset className="subfield span-2" aria-describedby="probe-headers-hint">
      <legend>Probe headers</legend>
      {rows.length > 0 && (
        <ul className="header-rows">
          {rows.map((row, index) => (
            <ProbeHeaderRow
              key={row.key}
              row={row}
              n={index + 1}
              error={errors[`${PATH}.${row.name.trim()}`]}
              onChange={(patch) => update(index, patch)}
              onRemove={() =>
                onChange(
                  rows.filter((_, i) => i !== index),
                  [PATH, `${PATH}.${row.name.trim()}`],
                )
              }
            />
          ))}
        </ul>
      )}
      <button
        type="button"
        className="btn btn-small"
        onClick={() => {
          lastKey += 1;
          onChange([...rows, { key: `new-probe-header-${lastKey}`, name: '', value: '' }], []);
        }}
      >
        Add probe header
      </button>
      <p className="hint" id="probe-headers-hint">
        {settingDoc(PATH).description}
      </p>
      {errors[PATH] && (
        <p className="field-error" role="alert">
          {errors[PATH]}
        </p>
      )}
    </fieldset>
  );
}

function ProbeHeaderRow(props: {
  row: HeaderRow;
  n: number;
  error: string | undefined;
  onChange: (patch: Partial<HeaderRow>) => void;
  onRemove: () => void;
}) {
  const { row, n, error, onChange, onRemove } = props;
  const errorId = `probe-header-${n}-error`;
  return (
    <li className="header-row">
      <input
        className="mono"
        aria-label={`Probe header ${n}`}
        placeholder="x-health-token"
        value={row.name}
        spellCheck={false}
        autoComplete="off"
        aria-invalid={Boolean(error)}
        aria-describedby={error ? errorId : undefined}
        onChange={(e) => onChange({ name: e.target.value })}
      />
      <input
        className="mono"
        aria-label={`Probe header ${n} value`}
        value={row.value}
        spellCheck={false}
        autoComplete="off"
        onChange={(e) => onChange({ value: e.target.value })}
      />
      <button type="button" className="btn btn-small btn-quiet" aria-label={`Remove probe header ${n}`} onClick={onRemove}>
        Remove
      </button>
      {error && (
        <p className="field-error header-row-error" id={errorId} role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
