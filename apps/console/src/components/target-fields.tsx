'use client';

import type { FieldErrors } from '@/lib/api-errors';
import type { SettingField } from '@/lib/settings-catalog';
import { readableValue } from '@/lib/setting-display';
import { ADDRESS_FIELDS, CA_CERT_FIELD, TRAFFIC_FIELDS, targetDoc } from '@/lib/target-catalog';
import type { TargetForm } from '@/lib/target-form';
import { CheckField } from '@/components/field';
import { SettingInput } from '@/components/setting-input';
import './forms.css';

// A target's own fields on its page: where it is and how it is trusted; how much traffic it
// takes. Each shows what it means and its default, from core's target schema.

type Props = {
  value: TargetForm;
  errors: FieldErrors;
  onChange: (update: (form: TargetForm) => TargetForm, touched: readonly string[]) => void;
};

type TextField = 'host' | 'port' | 'protocol' | 'weight' | 'priority' | 'maxInFlight' | 'adminState' | 'caCert';

function TargetInput({ field, value, errors, onChange, note }: Props & { field: SettingField; note?: string }) {
  const key = field.path as TextField;
  const doc = targetDoc(field.path);
  const shownDefault = readableValue(field, doc.defaultValue);
  return (
    <SettingInput
      field={field}
      idPrefix="target"
      doc={doc}
      text={value[key]}
      error={errors[field.path]}
      note={note ?? (shownDefault === undefined ? 'Required.' : `Default: ${shownDefault}.`)}
      onText={(text) => onChange((form) => ({ ...form, [key]: text }), [field.path])}
    />
  );
}

export function TargetAddressFields(props: Props) {
  const { value, errors, onChange } = props;
  return (
    <div className="grid-fields">
      {ADDRESS_FIELDS.map((field) => (
        <TargetInput key={field.path} field={field} {...props} />
      ))}
      <CheckField
        id="target-tlsVerify"
        label="Verify TLS certificate"
        checked={value.tlsVerify}
        onChange={(tlsVerify) => onChange((form) => ({ ...form, tlsVerify }), ['tlsVerify'])}
        hint={`${targetDoc('tlsVerify').description}${value.protocol === 'http' ? ' Used only with https.' : ''}`}
        error={errors.tlsVerify}
      />
      <TargetInput
        field={CA_CERT_FIELD}
        {...props}
        note="Pasted PEM; empty = the system's trusted authorities. Checked for shape here, as a certificate by the runtime."
      />
    </div>
  );
}

export function TargetTrafficFields(props: Props) {
  return (
    <div className="grid-fields">
      {TRAFFIC_FIELDS.map((field) => (
        <TargetInput key={field.path} field={field} {...props} />
      ))}
    </div>
  );
}
