import type { Algorithm, TargetChanges, TargetView, UpstreamChanges, UpstreamView } from '@/lib/api-types';

// Form state is strings (what inputs hold); conversion to API input happens in one place so
// an empty field means "use the default" everywhere and numbers are never silently coerced.

export const ALGORITHMS: Algorithm[] = ['round-robin', 'least-connections', 'latency', 'consistent-hash'];
export const ADMIN_STATES = ['enabled', 'draining', 'disabled'] as const;
export const PROTOCOLS = ['http', 'https'] as const;

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

export type TargetForm = {
  /** React key; stable across edits and removals. */
  key: string;
  host: string;
  port: string;
  protocol: (typeof PROTOCOLS)[number];
  weight: string;
  priority: string;
  maxInFlight: string;
  adminState: (typeof ADMIN_STATES)[number];
};

export const emptySettings: SettingsForm = {
  name: '',
  algorithm: 'round-robin',
  hashOn: '',
  retries: '2',
  slowStartMs: '30000',
  failOpen: false,
  useProxy: false,
  proxyHost: '',
  proxyPort: '',
  proxyUsername: '',
  proxyPassword: '',
};

let nextKey = 0;
export function emptyTarget(): TargetForm {
  nextKey += 1;
  return {
    key: `new-${nextKey}`,
    host: '',
    port: '',
    protocol: 'http',
    weight: '100',
    priority: '0',
    maxInFlight: '0',
    adminState: 'enabled',
  };
}

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

export function targetFromView(view: TargetView): TargetForm {
  return {
    key: String(view.id),
    host: view.host,
    port: String(view.port),
    protocol: view.protocol,
    weight: String(view.weight),
    priority: String(view.priority),
    maxInFlight: String(view.maxInFlight),
    adminState: view.adminState,
  };
}

/** '' -> undefined (the API applies its default); anything else must parse as a number. */
export function numberOrDefault(value: string): number | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return Number(trimmed);
}

/** Required numbers: '' becomes NaN, which JSON sends as null, so the API names the field. */
export function requiredNumber(value: string): number {
  const trimmed = value.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
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

export function targetInput(form: TargetForm) {
  return {
    host: form.host.trim(),
    port: requiredNumber(form.port),
    protocol: form.protocol,
    weight: numberOrDefault(form.weight),
    priority: numberOrDefault(form.priority),
    maxInFlight: numberOrDefault(form.maxInFlight),
    adminState: form.adminState,
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

export function targetChanges(initial: TargetForm, current: TargetForm): TargetChanges {
  const changes: TargetChanges = {};
  if (current.host.trim() !== initial.host) changes.host = current.host.trim();
  if (current.port !== initial.port) changes.port = requiredNumber(current.port);
  if (current.protocol !== initial.protocol) changes.protocol = current.protocol;
  if (current.weight !== initial.weight) changes.weight = requiredNumber(current.weight);
  if (current.priority !== initial.priority) changes.priority = requiredNumber(current.priority);
  if (current.maxInFlight !== initial.maxInFlight) changes.maxInFlight = requiredNumber(current.maxInFlight);
  if (current.adminState !== initial.adminState) changes.adminState = current.adminState;
  return changes;
}
