import { activeHealthCheckSchema } from '@headwater/core';
import type { UpstreamView } from '@/lib/api-types';
import { fromText, toText } from '@/lib/field-text';
import { type PlainObject, setAt, valueAt } from '@/lib/object-paths';
import { ACTIVE_FIELDS, PASSIVE_FIELDS, type SettingField } from '@/lib/settings-catalog';

// A target's health-check overrides: any field of the upstream's active and passive settings,
// at the same API path ("healthChecks.passive.consecutiveFailures"). A path the target does
// not override is inherited. An active block of its own turns probing on for that target
// alone, even when the upstream's checks are off, so the editor makes that block explicit.

/** The fields a target may override, in the order the page shows them. */
export const OVERRIDE_FIELDS: readonly SettingField[] = [...ACTIVE_FIELDS, ...PASSIVE_FIELDS];

export type OverridesForm = {
  /** Overridden fields as typed, by API path; a path missing here is inherited. */
  fields: Readonly<Record<string, string>>;
  /** The target has an active block of its own. */
  ownActive: boolean;
};

const ACTIVE_DEFAULTS = activeHealthCheckSchema.parse({});
export const isActivePath = (path: string) => path.startsWith('healthChecks.active.');

export function overridesFromView(target: { healthChecks: object }): OverridesForm {
  const stored = { healthChecks: target.healthChecks };
  const fields: Record<string, string> = {};
  for (const field of OVERRIDE_FIELDS) {
    const value = valueAt(stored, field.path);
    if (value !== undefined) fields[field.path] = toText(field.kind, value);
  }
  return { fields, ownActive: valueAt(stored, 'healthChecks.active') !== undefined };
}

/** The overrides as the API takes them (the target's `healthChecks`). */
export function overridesInput(form: OverridesForm): PlainObject {
  const input: PlainObject = {};
  for (const field of OVERRIDE_FIELDS) {
    const text = form.fields[field.path];
    if (text === undefined || (isActivePath(field.path) && !form.ownActive)) continue;
    const value = fromText(field.kind, text);
    if (value !== undefined) setAt(input, field.path.slice('healthChecks.'.length), value);
  }
  if (form.ownActive && input.active === undefined) input.active = {};
  return input;
}

/**
 * What a target inherits at `path`: the upstream's value; for active fields while the
 * upstream's checks are off, core's default (what an active block of the target's own starts from).
 */
export function inheritedValue(upstream: Pick<UpstreamView, 'healthChecks'>, path: string): unknown {
  const active = upstream.healthChecks.active ?? ACTIVE_DEFAULTS;
  return valueAt({ healthChecks: { ...upstream.healthChecks, active } }, path);
}

export function inheritedText(upstream: Pick<UpstreamView, 'healthChecks'>, field: SettingField): string {
  return toText(field.kind, inheritedValue(upstream, field.path));
}
