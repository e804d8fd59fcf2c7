import {
  invalidConfig,
  isMasked,
  mergeSecretHeaders,
  targetSchema,
  upstreamSettingsSchema,
  type TargetPatch,
  type TargetSettings,
  type UpstreamPatch,
  type UpstreamSettings,
} from '@headwater/core';
import type { z } from 'zod';
import { deepMerge } from '../lib/deep-merge.ts';
import type { TargetRecord, UpstreamRecord } from './records.ts';
import { targetAsInput, upstreamAsInput } from './rows.ts';
import { movedTargetFields, proxyMoved } from './secret-destinations.ts';

// A change merged over what is stored, validated whole, with the secrets rules applied: a
// masked value keeps the stored one, and a secret whose destination moved is kept only when
// the same change gives it again. Pure: the transaction that writes the result reads and writes.

/** How a change is read: merged over the stored object (a patch), or as the whole object (a declarative file). */
export interface ChangeOptions {
  replace?: boolean;
}

export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix: PropertyKey[] = []): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidConfig(result.error.issues, prefix);
  return result.data;
}

/** Top-level fields whose values differ (for the event log of a whole-object replace). */
export function differingFields(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const maskedWithoutValue = (paths: string[]) =>
  invalidConfig(paths.map((path) => ({ path: path.split('.'), message: 'is masked: give the value' })));

/**
 * A target's next settings. When its destination moves (host, port, protocol, TLS settings),
 * only the headers this change gives with their value are kept; the others are dropped and
 * named in `droppedSecrets` (`headers.<name>`).
 */
export function nextTargetSettings(
  stored: TargetRecord,
  changes: TargetPatch,
  options: ChangeOptions,
): { target: TargetSettings; droppedSecrets: string[] } {
  // Unknown until the schema has read it: a patch is whatever the client sent.
  const merged: Record<string, unknown> = options.replace ? { ...changes } : deepMerge(targetAsInput(stored), changes);
  // Anything but a map of headers is left for the schema to refuse, naming the field.
  const incoming = isPlainObject(changes.headers) ? changes.headers : {};
  if (isPlainObject(changes.headers)) {
    const { headers, unkept } = mergeSecretHeaders(changes.headers, stored.headers);
    if (unkept.length > 0) throw maskedWithoutValue(unkept.map((name) => `changes.headers.${name}`));
    merged.headers = headers;
  }
  const target = parseOrThrow(targetSchema, merged, ['changes']);
  if (movedTargetFields(stored, target).length === 0) return { target, droppedSecrets: [] };
  const given = new Set(
    Object.entries(incoming)
      .filter(([, value]) => typeof value === 'string' && !isMasked(value))
      .map(([name]) => name.toLowerCase()),
  );
  const kept = Object.entries(target.headers).filter(([name]) => given.has(name));
  const droppedSecrets = Object.keys(target.headers)
    .filter((name) => !given.has(name))
    .map((name) => `headers.${name}`);
  return { target: { ...target, headers: Object.fromEntries(kept) }, droppedSecrets };
}

/**
 * `proxy: { username: null }` clears the username, and the password with it: Basic auth
 * without a username is meaningless. A password given in clear beside it is refused (a masked
 * one, as a form sends back, is not a new value and goes with the rest).
 */
function clearProxyUsername(stored: UpstreamRecord, given: unknown, merged: UpstreamPatch): string[] {
  if (typeof given === 'string' && !isMasked(given)) {
    throw invalidConfig(
      [{ path: ['proxy', 'password'], message: 'cannot be set while the username is cleared (Basic auth needs both)' }],
      ['changes'],
    );
  }
  if (!isPlainObject(merged.proxy)) return [];
  const { username: _username, password: _password, ...rest } = merged.proxy;
  merged.proxy = rest;
  return stored.proxy?.password === undefined ? [] : ['proxy.password'];
}

/**
 * An upstream's next settings. When its proxy moves to a new host or port, the proxy password
 * is kept only if this change gives it with its value; otherwise it is dropped and named in
 * `droppedSecrets` (`proxy.password`). Clearing the username drops the password too. What the
 * move does to the targets is the transaction's.
 */
export function nextUpstreamSettings(
  stored: UpstreamRecord,
  changes: UpstreamPatch,
  options: ChangeOptions,
): { settings: UpstreamSettings; droppedSecrets: string[] } {
  const merged = options.replace ? { ...changes } : deepMerge(upstreamAsInput(stored), changes);
  if (isPlainObject(changes.proxy) && changes.proxy.username === null) {
    const droppedSecrets = clearProxyUsername(stored, changes.proxy.password, merged);
    return { settings: parseUpstreamSettings(merged), droppedSecrets };
  }
  const incoming: unknown = isPlainObject(changes.proxy) ? changes.proxy.password : undefined;
  if (merged.proxy && typeof incoming === 'string' && isMasked(incoming)) {
    const kept = stored.proxy?.password;
    if (kept === undefined) throw maskedWithoutValue(['changes.proxy.password']);
    merged.proxy = { ...merged.proxy, password: kept };
  }
  const settings = parseUpstreamSettings(merged);
  const proxy = settings.proxy;
  const givenAgain = typeof incoming === 'string' && !isMasked(incoming);
  if (!proxy || proxy.password === undefined || givenAgain || !proxyMoved(stored.proxy, proxy)) return { settings, droppedSecrets: [] };
  const { password: _dropped, ...withoutPassword } = proxy;
  return { settings: { ...settings, proxy: withoutPassword }, droppedSecrets: ['proxy.password'] };
}

function parseUpstreamSettings(merged: unknown): UpstreamSettings {
  const settings = parseOrThrow(upstreamSettingsSchema, merged, ['changes']);
  if (settings.algorithm === 'consistent-hash' && !settings.hashOn) {
    throw invalidConfig([{ path: ['hashOn'], message: 'is required when algorithm is consistent-hash' }], ['changes']);
  }
  return settings;
}
