'use client';

import type { ReactNode } from 'react';
import type { FieldErrors } from '@/lib/api-errors';
import type { SettingField } from '@/lib/settings-catalog';
import type { SettingsForm } from '@/lib/upstream-form';
import { SettingInput } from '@/components/setting-input';
import './forms.css';

// The frame every group of upstream settings shares, and a grid of plain setting inputs.

export type SettingsEditProps = {
  value: SettingsForm;
  errors: FieldErrors;
  /** `touched`: the error keys the change makes stale. */
  onChange: (update: (form: SettingsForm) => SettingsForm, touched: readonly string[]) => void;
  /** Edit page: a proxy password is stored (shown as such, never as a value). */
  storedPassword: boolean;
};

/** A change handler that sets one text field and clears its error. */
export const textSetter = (props: SettingsEditProps, path: string) => (text: string) =>
  props.onChange((form) => ({ ...form, text: { ...form.text, [path]: text } }), [path]);

export function SettingsSection(props: { id: string; title: string; intro?: ReactNode; aside?: ReactNode; children: ReactNode }) {
  return (
    <fieldset className="section" id={props.id}>
      <legend>{props.title}</legend>
      {(props.intro || props.aside) && (
        <div className="section-intro">
          {props.intro && <p className="hint">{props.intro}</p>}
          {props.aside}
        </div>
      )}
      {props.children}
    </fieldset>
  );
}

/** Plain setting inputs in a grid of their own, or `bare` inside the caller's grid. */
export function SettingGrid({ fields, edit, bare }: { fields: readonly SettingField[]; edit: SettingsEditProps; bare?: boolean }) {
  const inputs = fields.map((field) => (
    <SettingInput
      key={field.path}
      field={field}
      text={edit.value.text[field.path] ?? ''}
      error={edit.errors[field.path]}
      onText={textSetter(edit, field.path)}
    />
  ));
  return bare ? inputs : <div className="grid-fields">{inputs}</div>;
}
