import { adminStates, targetSchema } from '@headwater/core';
import type { TargetChanges, TargetView } from '@/lib/api-types';
import { numberOrDefault, requiredNumber } from '@/lib/form-numbers';

// A target as its form row holds it (strings, as inputs do), and the conversions to and from
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
};

const defaults = {
  protocol: fields.protocol.parse(undefined),
  weight: String(fields.weight.parse(undefined)),
  priority: String(fields.priority.parse(undefined)),
  maxInFlight: String(fields.maxInFlight.parse(undefined)),
  adminState: fields.adminState.parse(undefined),
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
