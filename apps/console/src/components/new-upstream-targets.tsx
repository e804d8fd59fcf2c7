'use client';

import type { FieldErrors } from '@/lib/api-errors';
import { NEW_TARGET_FIELDS } from '@/lib/new-upstream-form';
import type { TargetForm } from '@/lib/target-form';
import { TargetFieldCells } from '@/components/target-field-cells';
import './forms.css';
import './table.css';

// The create page's target rows (tests: data-testid="target-row-<i>"). One empty row is there
// from the start; rows left without host and port are not sent.

export function NewUpstreamTargets(props: {
  rows: TargetForm[];
  /** Keyed "targets.<row>.<field>", and "targets" for the list as a whole. */
  errors: FieldErrors;
  onChange: (index: number, patch: Partial<TargetForm>) => void;
  onRemove: (index: number) => void;
  onAdd: () => void;
}) {
  const { rows, errors, onChange, onRemove, onAdd } = props;
  return (
    <fieldset className="section">
      <legend>Targets</legend>
      {rows.length === 0 ? (
        <p className="muted">No targets yet. An upstream without targets answers 503 until you add some.</p>
      ) : (
        <table className="table table-form">
          <NewTargetsHead />
          <tbody>
            {rows.map((row, index) => (
              <tr key={row.key} data-testid={`target-row-${index}`}>
                <td className="muted num">{index + 1}</td>
                <TargetFieldCells
                  fields={NEW_TARGET_FIELDS}
                  idPrefix={`target-${index}`}
                  rowNumber={index + 1}
                  value={row}
                  errorOf={(field) => errors[`targets.${index}.${field}`]}
                  onChange={(patch) => onChange(index, patch)}
                  hostPlaceholder="127.0.0.1"
                />
                <td className="actions">
                  <button
                    type="button"
                    className="btn btn-small btn-quiet"
                    onClick={() => onRemove(index)}
                    aria-label={`Remove target ${index + 1}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row-actions">
        <button type="button" className="btn" onClick={onAdd}>
          Add target
        </button>
        {errors.targets && (
          <p className="field-error" role="alert">
            {errors.targets}
          </p>
        )}
        <span className="hint">Rows left without host and port are ignored.</span>
      </div>
    </fieldset>
  );
}

function NewTargetsHead() {
  return (
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
  );
}
