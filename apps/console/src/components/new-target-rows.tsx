'use client';

import type { FieldErrors } from '@/lib/api-errors';
import { PROTOCOLS, type TargetForm } from '@/lib/upstream-form';
import { CellError } from '@/components/field';

// Target rows of the create form. Column headers are the visible labels; each control also
// carries "Target N <field>" so rows stay distinguishable (tests: data-testid="target-row-<i>").

export const TARGET_FIELDS = ['host', 'port', 'protocol', 'weight', 'priority'] as const;

export function NewTargetRows(props: {
  rows: TargetForm[];
  errors: FieldErrors;
  onChange: (index: number, patch: Partial<TargetForm>) => void;
  onRemove: (index: number) => void;
}) {
  const { rows, errors, onChange, onRemove } = props;
  if (rows.length === 0) {
    return <p className="muted">No targets yet. An upstream without targets answers 503 until you add some.</p>;
  }
  return (
    <table className="table table-form">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col" className="col-host">
            Host
          </th>
          <th scope="col">Port</th>
          <th scope="col">Protocol</th>
          <th scope="col">Weight</th>
          <th scope="col">Priority</th>
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row, index) => {
          const n = index + 1;
          const err = (field: string) => errors[`targets.${index}.${field}`];
          const control = (field: string) => ({
            id: `target-${index}-${field}`,
            'aria-label': `Target ${n} ${field}`,
            'aria-invalid': Boolean(err(field)),
            'aria-describedby': err(field) ? `target-${index}-${field}-error` : undefined,
          });
          return (
            <tr key={row.key} data-testid={`target-row-${index}`}>
              <td className="muted num">{n}</td>
              <td>
                <input
                  {...control('host')}
                  className="mono"
                  value={row.host}
                  placeholder="127.0.0.1"
                  spellCheck={false}
                  onChange={(e) => onChange(index, { host: e.target.value })}
                />
                <CellError id={`target-${index}-host-error`} error={err('host')} />
              </td>
              <td>
                <input
                  {...control('port')}
                  type="number"
                  inputMode="numeric"
                  className="input-port"
                  value={row.port}
                  onChange={(e) => onChange(index, { port: e.target.value })}
                />
                <CellError id={`target-${index}-port-error`} error={err('port')} />
              </td>
              <td>
                <select
                  {...control('protocol')}
                  value={row.protocol}
                  onChange={(e) => onChange(index, { protocol: e.target.value as TargetForm['protocol'] })}
                >
                  {PROTOCOLS.map((p) => (
                    <option key={p}>{p}</option>
                  ))}
                </select>
                <CellError id={`target-${index}-protocol-error`} error={err('protocol')} />
              </td>
              <td>
                <input
                  {...control('weight')}
                  type="number"
                  inputMode="numeric"
                  className="input-small"
                  value={row.weight}
                  onChange={(e) => onChange(index, { weight: e.target.value })}
                />
                <CellError id={`target-${index}-weight-error`} error={err('weight')} />
              </td>
              <td>
                <input
                  {...control('priority')}
                  type="number"
                  inputMode="numeric"
                  className="input-small"
                  value={row.priority}
                  onChange={(e) => onChange(index, { priority: e.target.value })}
                />
                <CellError id={`target-${index}-priority-error`} error={err('priority')} />
              </td>
              <td className="actions">
                <button type="button" className="btn btn-small btn-quiet" onClick={() => onRemove(index)} aria-label={`Remove target ${n}`}>
                  Remove
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
