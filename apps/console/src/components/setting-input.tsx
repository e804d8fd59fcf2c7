'use client';

import { readableValue, typedValueReading } from '@/lib/setting-display';
import type { FieldDoc } from '@/lib/schema-docs';
import { type SettingField, settingDoc } from '@/lib/settings-catalog';
import { Field } from '@/components/field';
import './forms.css';

// One setting as a labelled input: what it means and its default (both from core's schema)
// under it, its error in their place when it has one.

export const settingId = (path: string, prefix = 'setting') => `${prefix}-${path.replaceAll('.', '-')}`;

export function SettingInput(props: {
  field: SettingField;
  text: string;
  error: string | undefined;
  onText: (text: string) => void;
  /** Prefix of the control's id, for pages that show a field twice. */
  idPrefix?: string;
  disabled?: boolean;
  /** Overrides the default shown under the field (a target's inherited value, say). */
  note?: string;
  /** What core says of the field; an upstream setting's by default. */
  doc?: FieldDoc;
}) {
  const { field, text, error, onText, disabled } = props;
  const doc = props.doc ?? settingDoc(field.path);
  const shownDefault = readableValue(field, doc.defaultValue);
  const optional = field.kind === 'optional-text' || field.kind === 'multiline';
  const note = props.note ?? (shownDefault !== undefined ? `Default: ${shownDefault}.` : optional ? 'Optional.' : 'Required.');
  return (
    <Field
      id={settingId(field.path, props.idPrefix)}
      label={field.label}
      error={error}
      aside={typedValueReading(field, text) && `= ${typedValueReading(field, text)}`}
      hint={
        <>
          {doc.description} <span className="hint-default">{note}</span>
        </>
      }
      className={field.wide ? 'span-2' : undefined}
    >
      {(control) => (
        <SettingControl field={field} text={text} onText={onText} disabled={disabled} options={doc.options} control={control} />
      )}
    </Field>
  );
}

type Control = { id?: string; 'aria-label'?: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined };

/** The input of one setting, by its kind: a select for a choice, a textarea, a text or number input. */
export function SettingControl(props: {
  field: SettingField;
  text: string;
  onText: (text: string) => void;
  disabled: boolean | undefined;
  options: readonly string[] | undefined;
  control: Control;
}) {
  const { field, text, onText, disabled, options, control } = props;
  if (field.kind === 'choice') {
    return (
      <select {...control} value={text} disabled={disabled} onChange={(e) => onText(e.target.value)}>
        {(options ?? []).map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    );
  }
  if (field.kind === 'multiline') {
    return <textarea {...control} className="mono" rows={3} value={text} disabled={disabled} onChange={(e) => onText(e.target.value)} />;
  }
  const numeric = field.kind === 'integer' || field.kind === 'decimal';
  return (
    <input
      {...control}
      className={numeric ? 'num' : 'mono'}
      type={numeric ? 'number' : 'text'}
      inputMode={field.kind === 'integer' ? 'numeric' : field.kind === 'decimal' ? 'decimal' : undefined}
      step={field.kind === 'decimal' ? 0.1 : undefined}
      value={text}
      placeholder={field.placeholder}
      disabled={disabled}
      spellCheck={false}
      autoComplete="off"
      onChange={(e) => onText(e.target.value)}
    />
  );
}
