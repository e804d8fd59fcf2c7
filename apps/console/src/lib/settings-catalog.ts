import { upstreamSettingsSchema } from '@headwater/core';
import { fieldDoc } from '@/lib/schema-docs';

// Every upstream setting the console edits as a text, number or choice input, grouped the way
// an operator thinks about them. Keyed by API path ("timeouts.connectMs"), which is also the
// key of the field's error message. Meanings and defaults come from core's schema (fieldDoc);
// only the short labels and units live here. Checkboxes (fail open, quota-aware routing, retry
// on, the switches of active checks and the proxy), probe headers and the proxy password have their own controls.

export type FieldKind =
  /** A whole number; `unit` says of what. */
  | 'integer'
  /** A number with decimals (the overprovisioning factor). */
  | 'decimal'
  /** One of core's enum options. */
  | 'choice'
  /** Text the schema requires. */
  | 'text'
  /** Text that may be left empty: empty clears it. */
  | 'optional-text'
  /** Several lines of optional text. */
  | 'multiline'
  /** HTTP statuses and "NNN-NNN" ranges, comma separated. */
  | 'statuses';

export type FieldUnit = 'ms' | '%' | 'bytes';

export type SettingField = {
  path: string;
  label: string;
  kind: FieldKind;
  unit?: FieldUnit;
  placeholder?: string;
  /** Takes two grid columns (long text). */
  wide?: boolean;
};

const ms = (path: string, label: string): SettingField => ({ path, label: `${label} (ms)`, kind: 'integer', unit: 'ms' });
const count = (path: string, label: string): SettingField => ({ path, label, kind: 'integer' });
const pct = (path: string, label: string): SettingField => ({ path, label: `${label} (%)`, kind: 'integer', unit: '%' });

export const NAME_FIELD: SettingField = { path: 'name', label: 'Name', kind: 'text', wide: true };
export const ALGORITHM_FIELD: SettingField = { path: 'algorithm', label: 'Algorithm', kind: 'choice' };
export const HASH_ON_FIELD: SettingField = { path: 'hashOn', label: 'Hash on', kind: 'optional-text', placeholder: 'header:x-user-id' };
export const GENERAL_FIELDS: readonly SettingField[] = [NAME_FIELD, ALGORITHM_FIELD, HASH_ON_FIELD];

export const RETRY_FIELDS: readonly SettingField[] = [
  count('retries', 'Retries'),
  pct('retryBudgetPct', 'Retry budget'),
  { path: 'retryBufferBytes', label: 'Retry buffer (bytes)', kind: 'integer', unit: 'bytes' },
];

export const TIMEOUT_FIELDS: readonly SettingField[] = [
  ms('timeouts.connectMs', 'Connect'),
  ms('timeouts.headersMs', 'Response headers'),
  ms('timeouts.bodyIdleMs', 'Body idle'),
  ms('timeouts.totalMs', 'Total'),
];

export const TIER_FIELDS: readonly SettingField[] = [
  ms('slowStartMs', 'Slow start'),
  { path: 'overprovisioningFactor', label: 'Overprovisioning factor', kind: 'decimal' },
  ms('drainTimeoutMs', 'Drain timeout'),
];

export const ACTIVE_PROBE_FIELDS: readonly SettingField[] = [
  { path: 'healthChecks.active.type', label: 'Probe type', kind: 'choice' },
  { path: 'healthChecks.active.method', label: 'Method', kind: 'choice' },
  { path: 'healthChecks.active.path', label: 'Path', kind: 'text', placeholder: '/health' },
  { path: 'healthChecks.active.expectedStatuses', label: 'Expected statuses', kind: 'statuses', placeholder: '200-299' },
  ms('healthChecks.active.timeoutMs', 'Probe timeout'),
  count('healthChecks.active.concurrency', 'Concurrency'),
];

export const ACTIVE_THRESHOLD_FIELDS: readonly SettingField[] = [
  ms('healthChecks.active.healthy.intervalMs', 'Healthy interval'),
  count('healthChecks.active.healthy.successes', 'Successes to healthy'),
  ms('healthChecks.active.unhealthy.intervalMs', 'Unhealthy interval'),
  count('healthChecks.active.unhealthy.httpFailures', 'HTTP failures'),
  count('healthChecks.active.unhealthy.tcpFailures', 'TCP failures'),
  count('healthChecks.active.unhealthy.timeouts', 'Timeouts'),
];

export const ACTIVE_BODY_FIELD: SettingField = {
  path: 'healthChecks.active.body',
  label: 'Probe body',
  kind: 'multiline',
  wide: true,
};

export const PASSIVE_FIELDS: readonly SettingField[] = [
  { path: 'healthChecks.passive.unhealthyStatuses', label: 'Failure statuses', kind: 'statuses', placeholder: '500, 502-504' },
  count('healthChecks.passive.consecutiveFailures', 'Consecutive failures'),
  pct('healthChecks.passive.errorRatePct', 'Error rate'),
  ms('healthChecks.passive.windowMs', 'Window'),
  count('healthChecks.passive.minRequests', 'Minimum requests'),
  ms('healthChecks.passive.baseEjectionMs', 'Base ejection'),
  ms('healthChecks.passive.maxEjectionMs', 'Maximum ejection'),
  pct('healthChecks.passive.maxEjectionPct', 'Maximum ejected'),
  count('healthChecks.passive.halfOpenRequests', 'Half-open trials'),
];

export const PROXY_FIELDS: readonly SettingField[] = [
  { path: 'proxy.host', label: 'Proxy host', kind: 'text', wide: true },
  { path: 'proxy.port', label: 'Proxy port', kind: 'integer' },
  // "Proxy user", not "username": keeps getByLabel('Name') unambiguous.
  { path: 'proxy.username', label: 'Proxy user', kind: 'optional-text' },
];

/** Every active-check field held as text: the probe and its thresholds, and the body. */
export const ACTIVE_FIELDS: readonly SettingField[] = [...ACTIVE_PROBE_FIELDS, ...ACTIVE_THRESHOLD_FIELDS, ACTIVE_BODY_FIELD];

/** Every field the settings form holds as text, in the order the page shows them. */
export const TEXT_FIELDS: readonly SettingField[] = [
  ...GENERAL_FIELDS,
  ...RETRY_FIELDS,
  ...TIMEOUT_FIELDS,
  ...TIER_FIELDS,
  ...ACTIVE_FIELDS,
  ...PASSIVE_FIELDS,
  ...PROXY_FIELDS,
];

const BY_PATH = new Map(TEXT_FIELDS.map((field) => [field.path, field]));

export function settingField(path: string): SettingField | undefined {
  return BY_PATH.get(path);
}

/** Core's description, default and options of an upstream setting. */
export function settingDoc(path: string) {
  return fieldDoc(upstreamSettingsSchema, path);
}

/** The labels of the settings with controls of their own. */
export const OTHER_LABELS: Readonly<Record<string, string>> = {
  failOpen: 'Fail open',
  quotaAware: 'Quota-aware routing',
  retryOn: 'Retry on',
  'healthChecks.active': 'Active checks',
  'healthChecks.active.headers': 'Probe headers',
  proxy: 'Forward proxy',
  'proxy.password': 'Proxy password',
};

/** A readable name for an API path: the field's label, else the path itself. */
export function settingLabel(path: string): string {
  return settingField(path)?.label ?? OTHER_LABELS[path] ?? path;
}
