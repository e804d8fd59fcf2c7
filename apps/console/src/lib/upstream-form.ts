import { activeHealthCheckSchema, type RetryOutcome, retryOutcomes, upstreamSchema, upstreamSettingsSchema } from '@headwater/core';
import { type ApiIssue, schemaIssues } from '@/lib/api-errors';
import type { UpstreamChanges } from '@/lib/api-types';
import { fromText, toText } from '@/lib/field-text';
import { mergePatch, type PlainObject, setAt, valueAt } from '@/lib/object-paths';
import { type SettingField, TEXT_FIELDS } from '@/lib/settings-catalog';

// An upstream's own settings as the create and edit pages hold them, and the conversions to
// and from the admin API. Defaults come from core's settings schema: the one the runtime applies.

export const RETRY_OUTCOMES: readonly RetryOutcome[] = retryOutcomes;

/** A probe header as its row holds it (probe headers are not secrets). */
export type HeaderRow = { key: string; name: string; value: string };

export type SettingsForm = {
  /** Every text, number and choice input, by API path ("retries", "timeouts.connectMs"), as typed. */
  text: Readonly<Record<string, string>>;
  failOpen: boolean;
  quotaAware: boolean;
  retryOn: readonly RetryOutcome[];
  /** Active checks on (the `healthChecks.active` block is present). */
  activeOn: boolean;
  probeHeaders: readonly HeaderRow[];
  proxyOn: boolean;
  /** A new proxy password, typed; empty keeps the stored one. */
  proxyPassword: string;
};

/** The upstream settings a form is read from: a view (secrets masked) or core's defaults. */
type SettingsSource = {
  failOpen: boolean;
  quotaAware: boolean;
  retryOn: readonly RetryOutcome[];
  healthChecks: { active: { headers: Record<string, string> } | null };
  proxy: object | null;
};

const ACTIVE_DEFAULTS = activeHealthCheckSchema.parse({});
const isActive = (field: SettingField) => field.path.startsWith('healthChecks.active.');
const isProxy = (field: SettingField) => field.path.startsWith('proxy.');

function formFrom(source: SettingsSource): SettingsForm {
  // Active fields show core's defaults while checks are off, ready for when they are turned on.
  const active = source.healthChecks.active ?? ACTIVE_DEFAULTS;
  const withActive = { ...source, healthChecks: { ...source.healthChecks, active } };
  return {
    text: Object.fromEntries(TEXT_FIELDS.map((field) => [field.path, toText(field.kind, valueAt(withActive, field.path))])),
    failOpen: source.failOpen,
    quotaAware: source.quotaAware,
    retryOn: source.retryOn,
    activeOn: source.healthChecks.active !== null,
    probeHeaders: Object.entries(active.headers).map(([name, value]) => ({ key: `stored-${name}`, name, value })),
    proxyOn: source.proxy !== null,
    proxyPassword: '', // a stored password is never shown: empty means "keep it"
  };
}

/** A new upstream: every field at core's default, the name empty. */
export function emptySettings(): SettingsForm {
  const form = formFrom(upstreamSettingsSchema.parse({ name: 'x' }));
  return { ...form, text: { ...form.text, name: '' } };
}

export function settingsFromView(view: SettingsSource): SettingsForm {
  return formFrom(view);
}

/** The settings as the API takes them, whole: what a create sends and what core validates. */
export function settingsInput(form: SettingsForm): PlainObject {
  const input: PlainObject = {};
  for (const field of TEXT_FIELDS) {
    if ((isActive(field) && !form.activeOn) || (isProxy(field) && !form.proxyOn)) continue;
    const value = fromText(field.kind, form.text[field.path] ?? '');
    if (value !== undefined) setAt(input, field.path, value);
  }
  input.failOpen = form.failOpen;
  input.quotaAware = form.quotaAware;
  // In core's order: the set is what counts, not the order the boxes were ticked in.
  input.retryOn = RETRY_OUTCOMES.filter((outcome) => form.retryOn.includes(outcome));
  if (form.activeOn) setAt(input, 'healthChecks.active.headers', probeHeaders(form.probeHeaders));
  else setAt(input, 'healthChecks.active', null);
  if (!form.proxyOn) input.proxy = null;
  else if (form.proxyPassword !== '') setAt(input, 'proxy.password', form.proxyPassword);
  return input;
}

function probeHeaders(rows: readonly HeaderRow[]): Record<string, string> {
  return Object.fromEntries(rows.filter((row) => row.name.trim() !== '').map((row) => [row.name.trim(), row.value]));
}

/**
 * Only what the operator changed, as a merge patch over the stored upstream: a cleared field
 * (hash key, proxy user, probe body) or a removed probe header is sent as null.
 */
export function settingsChanges(base: SettingsForm, form: SettingsForm): UpstreamChanges {
  return mergePatch(settingsInput(base), settingsInput(form)) as UpstreamChanges;
}

/** What core's schema finds wrong with the settings, keyed by API path, before any round trip. */
export function settingsIssues(form: SettingsForm): ApiIssue[] {
  // upstreamSchema, not the settings schema alone: it also requires a hash key for consistent-hash.
  const checked = upstreamSchema.safeParse({ ...settingsInput(form), targets: [] });
  return checked.success ? [] : schemaIssues(checked.error.issues);
}

/** The API paths the settings form shows messages under; list items land on their list. */
export function settingsErrorKey(path: string): string {
  const listItem = /^(retryOn|healthChecks\.active\.expectedStatuses|healthChecks\.passive\.unhealthyStatuses)\.\d+$/.exec(path);
  return listItem?.[1] ?? path;
}

const OTHER_KEYS = new Set([
  'failOpen',
  'quotaAware',
  'retryOn',
  'healthChecks.active',
  'healthChecks.active.headers',
  'proxy',
  'proxy.password',
]);
const TEXT_KEYS = new Set(TEXT_FIELDS.map((field) => field.path));

export function isSettingsErrorKey(key: string): boolean {
  return TEXT_KEYS.has(key) || OTHER_KEYS.has(key) || key.startsWith('healthChecks.active.headers.');
}
