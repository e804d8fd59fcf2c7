import { adminStates, targetSchema } from '@headwater/core';
import { type ApiIssue, schemaIssues } from '@/lib/api-errors';
import type { TargetChanges, TargetView } from '@/lib/api-types';
import { numberOrDefault, requiredNumber } from '@/lib/form-numbers';
import { mergePatch, type PlainObject } from '@/lib/object-paths';
import { pemShapeIssue } from '@/lib/pem-shape';
import { headerRowIssues, headersInput, type SecretHeaderRow, storedHeaderRows } from '@/lib/secret-headers';
import { type OverridesForm, overridesFromView, overridesInput } from '@/lib/target-overrides';

// A target as its editors hold it (strings, as inputs do), and the conversions to and from
// the admin API. Defaults come from core's target schema: the one the runtime applies.

const fields = targetSchema.shape;

export const PROTOCOLS = fields.protocol.unwrap().options;
export const ADMIN_STATES = adminStates;

/** The fields a target row can edit, in column order. */
export const TARGET_FIELDS = ['host', 'port', 'protocol', 'weight', 'priority', 'maxInFlight', 'adminState'] as const;
export type TargetField = (typeof TARGET_FIELDS)[number];

export function isTargetField(key: string): key is TargetField {
  return (TARGET_FIELDS as readonly string[]).includes(key);
}

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
  tlsVerify: boolean;
  /** A pasted PEM; empty = none. */
  caCert: string;
  headers: readonly SecretHeaderRow[];
  overrides: OverridesForm;
};

const defaults = {
  protocol: fields.protocol.parse(undefined),
  weight: String(fields.weight.parse(undefined)),
  priority: String(fields.priority.parse(undefined)),
  maxInFlight: String(fields.maxInFlight.parse(undefined)),
  adminState: fields.adminState.parse(undefined),
  tlsVerify: fields.tlsVerify.parse(undefined),
  caCert: '',
  headers: [],
  overrides: { fields: {}, ownActive: false },
};

let lastKey = 0;

/** A blank row with the schema's defaults, under a key no other row has. */
export function emptyTarget(): TargetForm {
  lastKey += 1;
  return { key: `new-${lastKey}`, host: '', port: '', ...defaults };
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
    tlsVerify: view.tlsVerify,
    caCert: view.caCert ?? '',
    headers: storedHeaderRows(view.headers),
    overrides: overridesFromView(view),
  };
}

/**
 * The target as the API takes it. A new target leaves empty optional numbers to the API's
 * defaults; an edit sends them as NaN, so core names the field instead of resetting it.
 * `storedSecret` stands in for masked header values when checking with core's schema.
 */
export function targetInput(form: TargetForm, blank: 'default' | 'invalid' = 'default', storedSecret?: string): PlainObject {
  const optionalNumber = blank === 'default' ? numberOrDefault : requiredNumber;
  return {
    host: form.host.trim(),
    port: requiredNumber(form.port),
    protocol: form.protocol,
    tlsVerify: form.tlsVerify,
    ...(form.caCert.trim() === '' ? {} : { caCert: form.caCert.trim() }),
    weight: optionalNumber(form.weight),
    priority: optionalNumber(form.priority),
    maxInFlight: optionalNumber(form.maxInFlight),
    adminState: form.adminState,
    headers: headersInput(form.headers, storedSecret),
    healthChecks: overridesInput(form.overrides),
  };
}

/**
 * Only what the operator changed, as a merge patch over the stored target. Injected headers go
 * whole when any of them changed (the runtime replaces the map; a mask keeps a stored value).
 */
export function targetChanges(base: TargetForm, form: TargetForm): TargetChanges {
  return mergePatch(targetInput(base, 'invalid'), targetInput(form, 'invalid'), ['headers']) as TargetChanges;
}

/** What core's schema (and the PEM shape check) finds wrong, keyed by API path, before any round trip. */
export function targetIssues(form: TargetForm, blank: 'default' | 'invalid' = 'invalid'): ApiIssue[] {
  const checked = targetSchema.safeParse(targetInput(form, blank, 'stored'));
  const issues = checked.success ? [] : schemaIssues(checked.error.issues);
  const pem = form.caCert.trim() === '' ? undefined : pemShapeIssue(form.caCert);
  if (pem) issues.push({ path: 'caCert', message: pem });
  return [...issues, ...headerRowIssues(form.headers)];
}
