import type { UpstreamView } from '@/lib/api-types';
import { hostPort } from '@/lib/format';
import { isPlainObject, type PlainObject } from '@/lib/object-paths';
import { settingLabel } from '@/lib/settings-catalog';

// What changed between two copies of an upstream, field by field: what a stale tab is shown
// when its save is refused. Targets are named by address (ids change when they move); secrets
// are compared as the API shows them, masked.

export type FieldChange = { path: string; label: string; from: string; to: string };

/** Not settings: identities and the version itself. */
const SKIPPED = new Set(['id', 'upstreamId', 'version', 'droppedSecrets']);

/** A block (an object) that is there reads "on"; its fields follow it. */
const ON = 'on';

function flatten(value: unknown, prefix: string, into: Map<string, string>): void {
  if (isPlainObject(value)) {
    if (prefix) into.set(prefix, ON);
    for (const [key, item] of Object.entries(value)) {
      if (!SKIPPED.has(key)) flatten(item, prefix ? `${prefix}.${key}` : key, into);
    }
    return;
  }
  into.set(prefix, display(value));
}

export function display(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.length === 0 ? '(none)' : value.join(', ');
  if (isPlainObject(value)) return JSON.stringify(value);
  return String(value);
}

/** Every field of a view as `path -> shown value`; targets as `targets.<host:port>.<field>`. */
export function flattenView(view: UpstreamView): Map<string, string> {
  const { targets, ...settings } = view;
  const flat = new Map<string, string>();
  flatten(settings, '', flat);
  for (const target of targets) {
    const address = hostPort(target);
    flatten(target as unknown as PlainObject, `targets.${address}`, flat);
  }
  return flat;
}

function labelOf(path: string): string {
  const target = /^targets\.(.+:\d+)(?:\.(.+))?$/.exec(path);
  if (!target) return settingLabel(path);
  return target[2] ? `Target ${target[1]} · ${settingLabel(target[2])}` : `Target ${target[1]}`;
}

/**
 * The fields whose shown value differs, in the order of `after` then removed ones. A block
 * turned on or off (active checks, the proxy, a whole target) is one change, not one per field.
 */
export function viewChanges(before: UpstreamView, after: UpstreamView): FieldChange[] {
  const from = flattenView(before);
  const to = flattenView(after);
  const isOn = (map: Map<string, string>, path: string) => map.get(path) === ON;
  const blockFlipped = (path: string) => isOn(from, path) !== isOn(to, path);
  const insideFlipped = (path: string) => ancestors(path).some(blockFlipped);
  return [...new Set([...to.keys(), ...from.keys()])]
    .filter((path) => from.get(path) !== to.get(path) && !insideFlipped(path))
    .map((path) => ({ path, label: labelOf(path), from: shown(from, path, isOn(to, path)), to: shown(to, path, isOn(from, path)) }));
}

/** "a.b.c" -> ["a", "a.b"]. */
function ancestors(path: string): string[] {
  const keys = path.split('.');
  return keys.slice(1).map((_, index) => keys.slice(0, index + 1).join('.'));
}

/** A value as the table shows it: a block that is not there reads "off" (a target's, "absent"). */
function shown(map: Map<string, string>, path: string, otherSideIsBlock: boolean): string {
  const value = map.get(path);
  const isTarget = /^targets\.[^.]+(\.[^.]+)*:\d+$/.test(path);
  if (value === ON) return isTarget ? 'present' : 'on';
  if (otherSideIsBlock && (value === undefined || value === '—')) return isTarget ? 'absent' : 'off';
  return value ?? '—';
}
