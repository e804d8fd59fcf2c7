import { algorithms, upstreamSettingsSchema } from '@headwater/core';
import type { Algorithm, UpstreamChanges, UpstreamView } from '@/lib/api-types';
import { requiredNumber } from '@/lib/form-numbers';

// An upstream's own settings as the create and edit pages hold them (strings, as inputs do),
// and the conversions to and from the admin API. Defaults come from core's settings schema:
// the one the runtime applies.

const fields = upstreamSettingsSchema.shape;

export const ALGORITHMS: readonly Algorithm[] = algorithms;

/** The API paths the settings fields show their errors under ("name", "retries", "proxy.host"...). */
export const SETTINGS_ERROR_KEYS: ReadonlySet<string> = new Set([
  'name',
  'algorithm',
  'hashOn',
  'retries',
  'slowStartMs',
  'failOpen',
  'proxy',
  'proxy.host',
  'proxy.port',
  'proxy.username',
  'proxy.password',
]);

export type SettingsForm = {
  name: string;
  algorithm: Algorithm;
  hashOn: string;
  retries: string;
  slowStartMs: string;
  failOpen: boolean;
  useProxy: boolean;
  proxyHost: string;
  proxyPort: string;
  proxyUsername: string;
  proxyPassword: string;
};

export const emptySettings: SettingsForm = {
  name: '',
  algorithm: fields.algorithm.parse(undefined),
  hashOn: '',
  retries: String(fields.retries.parse(undefined)),
  slowStartMs: String(fields.slowStartMs.parse(undefined)),
  failOpen: fields.failOpen.parse(undefined),
  useProxy: fields.proxy.parse(undefined) !== null,
  proxyHost: '',
  proxyPort: '',
  proxyUsername: '',
  proxyPassword: '',
};

export function settingsFromView(view: UpstreamView): SettingsForm {
  return {
    name: view.name,
    algorithm: view.algorithm,
    hashOn: view.hashOn ?? '',
    retries: String(view.retries),
    slowStartMs: String(view.slowStartMs),
    failOpen: view.failOpen,
    useProxy: view.proxy !== null,
    proxyHost: view.proxy?.host ?? '',
    proxyPort: view.proxy ? String(view.proxy.port) : '',
    proxyUsername: view.proxy?.username ?? '',
    proxyPassword: '', // stored secret: never shown, empty means "keep"
  };
}

export function proxyInput(form: SettingsForm) {
  if (!form.useProxy) return null;
  return {
    host: form.proxyHost.trim(),
    port: requiredNumber(form.proxyPort),
    ...(form.proxyUsername.trim() ? { username: form.proxyUsername.trim() } : {}),
    ...(form.proxyPassword ? { password: form.proxyPassword } : {}),
  };
}

/** Only what the operator changed, so an edit never rewrites fields it did not touch. */
export function settingsChanges(initial: SettingsForm, current: SettingsForm): UpstreamChanges {
  const changes: UpstreamChanges = {};
  if (current.name.trim() !== initial.name) changes.name = current.name.trim();
  if (current.algorithm !== initial.algorithm) changes.algorithm = current.algorithm;
  if (current.hashOn.trim() !== initial.hashOn && current.hashOn.trim()) changes.hashOn = current.hashOn.trim();
  if (current.retries !== initial.retries) changes.retries = requiredNumber(current.retries);
  if (current.slowStartMs !== initial.slowStartMs) changes.slowStartMs = requiredNumber(current.slowStartMs);
  if (current.failOpen !== initial.failOpen) changes.failOpen = current.failOpen;
  const proxyTouched =
    current.useProxy !== initial.useProxy ||
    current.proxyHost !== initial.proxyHost ||
    current.proxyPort !== initial.proxyPort ||
    current.proxyUsername !== initial.proxyUsername ||
    current.proxyPassword !== '';
  if (proxyTouched) changes.proxy = proxyInput(current);
  return changes;
}
