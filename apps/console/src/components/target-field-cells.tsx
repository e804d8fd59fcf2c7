'use client';

import { ADMIN_STATES, PROTOCOLS, type TargetField, type TargetForm } from '@/lib/target-form';
import { CellError } from '@/components/field';

// The editable cells of a target row, shared by the create page and the edit page. Column
// headers are the visible labels; each control also carries "Target N <field>" so rows stay
// distinguishable (tests: getByLabel('Port') inside data-testid="target-row-<i>").

const LABELS: Record<TargetField, string> = {
  host: 'host',
  port: 'port',
  protocol: 'protocol',
  weight: 'weight',
  priority: 'priority',
  maxInFlight: 'max in flight',
  adminState: 'admin state',
};

const NUMBER_CLASSES: Partial<Record<TargetField, string>> = {
  port: 'input-port',
  weight: 'input-small',
  priority: 'input-small',
  maxInFlight: 'input-small',
};

export type TargetFieldCellsProps = {
  fields: readonly TargetField[];
  /** Prefix of the controls' ids, unique per row ("target-0", "edit-target-3"). */
  idPrefix: string;
  /** 1-based, as the row is numbered on screen. */
  rowNumber: number;
  value: TargetForm;
  errorOf: (field: TargetField) => string | undefined;
  onChange: (patch: Partial<TargetForm>) => void;
  disabled?: boolean;
  hostPlaceholder?: string;
};

export function TargetFieldCells(props: TargetFieldCellsProps) {
  return props.fields.map((field) => {
    const id = `${props.idPrefix}-${field}`;
    const error = props.errorOf(field);
    return (
      <td key={field}>
        <TargetFieldControl
          field={field}
          value={props.value}
          onChange={props.onChange}
          hostPlaceholder={props.hostPlaceholder}
          control={{
            id,
            'aria-label': `Target ${props.rowNumber} ${LABELS[field]}`,
            'aria-invalid': Boolean(error),
            'aria-describedby': error ? `${id}-error` : undefined,
            disabled: props.disabled,
          }}
        />
        <CellError id={`${id}-error`} error={error} />
      </td>
    );
  });
}

type ControlProps = {
  id: string;
  'aria-label': string;
  'aria-invalid': boolean;
  'aria-describedby': string | undefined;
  disabled: boolean | undefined;
};

function TargetFieldControl(props: {
  field: TargetField;
  control: ControlProps;
  value: TargetForm;
  onChange: (patch: Partial<TargetForm>) => void;
  hostPlaceholder: string | undefined;
}) {
  const { field, control, value, onChange } = props;
  if (field === 'protocol') {
    return (
      <select {...control} value={value.protocol} onChange={(e) => onChange({ protocol: e.target.value as TargetForm['protocol'] })}>
        {PROTOCOLS.map((p) => (
          <option key={p}>{p}</option>
        ))}
      </select>
    );
  }
  if (field === 'adminState') {
    return (
      <select {...control} value={value.adminState} onChange={(e) => onChange({ adminState: e.target.value as TargetForm['adminState'] })}>
        {ADMIN_STATES.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
    );
  }
  if (field === 'host') {
    return (
      <input
        {...control}
        className="mono"
        value={value.host}
        placeholder={props.hostPlaceholder}
        spellCheck={false}
        onChange={(e) => onChange({ host: e.target.value })}
      />
    );
  }
  return (
    <input
      {...control}
      type="number"
      inputMode="numeric"
      className={NUMBER_CLASSES[field]}
      value={value[field]}
      onChange={(e) => onChange({ [field]: e.target.value })}
    />
  );
}
