import { maskHeaders, maskSecret, type targetSchema, type upstreamSchema } from '@headwater/core';
import type { z } from 'zod';
import type { TargetRecord, UpstreamRecord } from './records.ts';
import { upstreamAsInput } from './rows.ts';

type WantedUpstream = z.output<typeof upstreamSchema>;
type WantedTarget = z.output<typeof targetSchema>;

/** One field an import changes: `from` null when it is added, `to` null when it is removed; secrets masked. */
export interface FieldChange {
  /** Dotted: `retries`, `healthChecks.passive.consecutiveFailures`, `targets.127.0.0.1:9101.weight`, `targets.127.0.0.1:9101` (a whole target). */
  path: string;
  from: unknown;
  to: unknown;
}

/** What an import does (or, dry run, would do) to one upstream, field by field. */
export interface UpstreamDiff {
  upstream: string;
  kind: 'created' | 'updated';
  fields: FieldChange[];
}

type Path = readonly string[];

const addressOf = (target: { host: string; port: number }) => `${target.host}:${target.port}`;

const withoutIds = ({ id: _id, upstreamId: _upstreamId, ...target }: TargetRecord): WantedTarget => target;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An upstream as one tree of fields, its targets keyed by `host:port` (how an import matches them). */
function document(settings: object, targets: readonly WantedTarget[]): Record<string, unknown> {
  return { ...settings, targets: Object.fromEntries(targets.map((target) => [addressOf(target), target])) };
}

/** A target added or removed is one change, not one per field. */
const isWholeTarget = (path: Path) => path.length === 2 && path[0] === 'targets';

/**
 * Secrets as the admin API shows them: the proxy password and every injected header value,
 * masked wherever they sit in a change (alone, or inside a whole proxy, target or header map).
 */
function masked(path: Path, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  const [first, , third, fourth] = path;
  if (first === 'proxy') {
    if (path.length === 2 && path[1] === 'password' && typeof value === 'string') return maskSecret(value);
    if (path.length === 1 && isPlainObject(value) && typeof value.password === 'string')
      return { ...value, password: maskSecret(value.password) };
    return value;
  }
  if (first !== 'targets') return value;
  if (path.length === 2 && isPlainObject(value) && isPlainObject(value.headers))
    return { ...value, headers: maskHeaders(value.headers as Record<string, string>) };
  if (third === 'headers' && path.length === 3 && isPlainObject(value)) return maskHeaders(value as Record<string, string>);
  if (third === 'headers' && fourth !== undefined && typeof value === 'string') return maskSecret(value);
  return value;
}

/** Equal as config: key order does not matter; absent, undefined and null are all "not set". */
const canonical = (value: unknown): string =>
  JSON.stringify(value ?? null, (_, item: unknown) =>
    isPlainObject(item) ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : item,
  );

function walk(before: unknown, after: unknown, path: Path, changes: FieldChange[]): void {
  const bothObjects = isPlainObject(before) && isPlainObject(after);
  // A side that is not there yet reads as an empty object (a new upstream's `timeouts`), except a target, which comes and goes whole.
  const oneMissing = (isPlainObject(before) && after === undefined) || (before === undefined && isPlainObject(after));
  const descend = bothObjects || (oneMissing && !isWholeTarget(path));
  if (!descend) {
    if (canonical(before) !== canonical(after)) changes.push({ path: path.join('.'), from: masked(path, before), to: masked(path, after) });
    return;
  }
  const from = (before ?? {}) as Record<string, unknown>;
  const to = (after ?? {}) as Record<string, unknown>;
  for (const key of new Set([...Object.keys(to), ...Object.keys(from)])) walk(from[key], to[key], [...path, key], changes);
}

/** The field-level changes from the stored upstream (undefined: a new one) to what an import wants of it. */
export function upstreamFieldChanges(stored: UpstreamRecord | undefined, wanted: WantedUpstream): FieldChange[] {
  const { targets, ...settings } = wanted;
  const before = stored ? document(upstreamAsInput(stored), stored.targets.map(withoutIds)) : { targets: {} };
  const changes: FieldChange[] = [];
  walk(before, document(settings, targets), [], changes);
  return changes;
}
