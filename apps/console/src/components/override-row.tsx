'use client';

import { useEffect, useRef, useState } from 'react';
import { readableValue } from '@/lib/setting-display';
import { type SettingField, settingDoc } from '@/lib/settings-catalog';
import { fromText } from '@/lib/field-text';
import { SettingControl, settingId } from '@/components/setting-input';

// One overridable setting of a target: the value it inherits, and either "Override" or its
// own value with "Reset to inherited". Overriding starts from the inherited value and moves
// the focus to it, so a keyboard user lands where they type.

export function OverrideRow(props: {
  field: SettingField;
  inherited: string;
  /** The target's own value as typed; undefined = inherited. */
  text: string | undefined;
  error: string | undefined;
  onSet: (text: string | undefined) => void;
}) {
  const { field, inherited, text, error, onSet } = props;
  const overridden = text !== undefined;
  const id = settingId(field.path, 'override');
  const wrapper = useRef<HTMLTableCellElement>(null);
  const [focusInput, setFocusInput] = useState(false);
  useEffect(() => {
    if (!focusInput) return;
    wrapper.current?.querySelector<HTMLElement>('input, select, textarea')?.focus();
    setFocusInput(false);
  }, [focusInput]);
  const shown = readableValue(field, fromText(field.kind, inherited)) ?? '—';
  return (
    <tr className={overridden ? 'override-set' : undefined} data-testid={`override-${field.path}`}>
      <th scope="row">
        {field.label}
        <span className="override-hint">{settingDoc(field.path).description}</span>
      </th>
      <td className="mono inherited">{shown}</td>
      <td ref={wrapper}>
        <div className="override-cell">
          {overridden ? (
            <>
              <SettingControl
                field={field}
                text={text}
                onText={onSet}
                disabled={false}
                options={settingDoc(field.path).options}
                control={{
                  id,
                  'aria-label': `${field.label} for this target`,
                  'aria-invalid': Boolean(error),
                  'aria-describedby': error ? `${id}-error` : undefined,
                }}
              />
              <button
                type="button"
                className="btn btn-small btn-quiet"
                aria-label={`Reset ${field.label} to inherited`}
                onClick={() => onSet(undefined)}
              >
                Reset to inherited
              </button>
            </>
          ) : (
            <button
              type="button"
              className="btn btn-small"
              aria-label={`Override ${field.label}`}
              onClick={() => {
                onSet(inherited);
                setFocusInput(true);
              }}
            >
              Override
            </button>
          )}
        </div>
        {error && (
          <p className="field-error" id={`${id}-error`} role="alert">
            {error}
          </p>
        )}
      </td>
    </tr>
  );
}
