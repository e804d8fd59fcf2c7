import { targetSchema } from '@headwater/core';
import { type FieldDoc, fieldDoc } from '@/lib/schema-docs';
import type { SettingField } from '@/lib/settings-catalog';
import { settingsErrorKey } from '@/lib/upstream-form';
import { OVERRIDE_FIELDS } from '@/lib/target-overrides';

// The fields of a target's own page, grouped as an operator thinks about a backend: where it
// is and how it is trusted, how much traffic it takes. Meanings and defaults come from core's
// target schema; only the short labels live here.

export const ADDRESS_FIELDS: readonly SettingField[] = [
  { path: 'host', label: 'Host', kind: 'text', wide: true },
  { path: 'port', label: 'Port', kind: 'integer' },
  { path: 'protocol', label: 'Protocol', kind: 'choice' },
];

export const TRAFFIC_FIELDS: readonly SettingField[] = [
  { path: 'weight', label: 'Weight', kind: 'integer' },
  { path: 'priority', label: 'Priority', kind: 'integer' },
  { path: 'maxInFlight', label: 'Max in flight', kind: 'integer' },
  { path: 'adminState', label: 'Admin state', kind: 'choice' },
];

export const CA_CERT_FIELD: SettingField = { path: 'caCert', label: 'CA certificate (PEM)', kind: 'multiline', wide: true };

export function targetDoc(path: string): FieldDoc {
  return fieldDoc(targetSchema, path);
}

const OWN_KEYS = new Set([...ADDRESS_FIELDS, ...TRAFFIC_FIELDS, CA_CERT_FIELD].map((field) => field.path));
const OVERRIDE_KEYS = new Set(OVERRIDE_FIELDS.map((field) => field.path));

/** The error keys a target's page shows a field for: its own fields, headers by name, overrides by path. */
export function isTargetErrorKey(key: string): boolean {
  if (OWN_KEYS.has(key) || key === 'tlsVerify' || key === 'headers' || key.startsWith('headers.')) return true;
  return OVERRIDE_KEYS.has(key) || key === 'healthChecks.active';
}

/** List items land on their list, as on the upstream's page. */
export const targetErrorKey = settingsErrorKey;
