import { isMasked, type FieldIssue, type upstreamSchema } from '@headwater/core';
import type { z } from 'zod';
import type { UpstreamRecord } from './records.ts';
import { movedTargetFields, proxyCanRead, proxyEndpoint, proxyMoved } from './secret-destinations.ts';

type WantedUpstream = z.output<typeof upstreamSchema>;

/**
 * An upstream as written, with each masked header value replaced by a stand-in the header
 * rules accept (a mask is not a value a header can carry), and `restore` to put the masks back
 * once the schema has read it, for `withStoredSecrets` to resolve or refuse. Names the schema
 * lower-cases are matched as it does.
 */
export function standInForMasks(
  raw: Record<string, unknown>,
  nonce: string,
): { input: Record<string, unknown>; restore: (wanted: WantedUpstream) => WantedUpstream } {
  const masks = new Map<string, string>();
  const standIn = (value: unknown) => {
    if (typeof value !== 'string' || !isMasked(value)) return value;
    const token = `masked-${nonce}-${masks.size}`;
    masks.set(token, value);
    return token;
  };
  const targets = Array.isArray(raw.targets)
    ? raw.targets.map((target: unknown) => {
        if (!isRecord(target) || !isRecord(target.headers)) return target;
        return { ...target, headers: Object.fromEntries(Object.entries(target.headers).map(([name, value]) => [name, standIn(value)])) };
      })
    : raw.targets;
  const restore = (wanted: WantedUpstream): WantedUpstream => ({
    ...wanted,
    targets: wanted.targets.map((target) => ({
      ...target,
      headers: Object.fromEntries(Object.entries(target.headers).map(([name, value]) => [name, masks.get(value) ?? value])),
    })),
  });
  return { input: masks.size === 0 ? raw : { ...raw, targets }, restore };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const addressOf = (target: { host: string; port: number }) => `${target.host}:${target.port}`;

/**
 * A masked secret in a declarative text (as an export writes it) means "keep the stored one".
 * It cannot be kept where nothing is stored (a new upstream, target or header), nor where the
 * secret's destination moved (the target's protocol or TLS settings, the upstream's proxy): a
 * stored secret only ever goes where it was given for. Each refusal is an issue naming the field.
 */
export function withStoredSecrets(
  wanted: WantedUpstream,
  current: UpstreamRecord | undefined,
  at: string,
  issues: FieldIssue[],
): WantedUpstream {
  const refuse = (path: string, why = '') => issues.push({ path, message: `is masked${why}: give the value` });
  const proxyMovedTo = proxyMoved(current?.proxy, wanted.proxy) ? proxyEndpoint(wanted.proxy) : null;

  let proxy = wanted.proxy;
  if (proxy?.password !== undefined && isMasked(proxy.password)) {
    const kept = current?.proxy?.password;
    if (kept === undefined) refuse(`${at}.proxy.password`);
    else if (proxyMovedTo) refuse(`${at}.proxy.password`, `, but the proxy moved to ${proxyMovedTo}`);
    proxy = { ...proxy, password: kept ?? proxy.password };
  }

  const storedTargets = new Map((current?.targets ?? []).map((target) => [addressOf(target), target]));
  const targets = wanted.targets.map((target, index) => {
    const stored = storedTargets.get(addressOf(target));
    const moved = stored ? movedTargetFields(stored, target) : [];
    const headers = Object.fromEntries(
      Object.entries(target.headers).map(([name, value]) => {
        if (!isMasked(value)) return [name, value];
        const path = `${at}.targets.${index}.headers.${name}`;
        const kept = stored?.headers[name];
        if (kept === undefined) refuse(path);
        else if (moved.length > 0) refuse(path, `, but the target's ${moved.join(', ')} changed`);
        else if (proxyMovedTo && proxyCanRead(target)) refuse(path, `, but the upstream's proxy moved to ${proxyMovedTo}`);
        return [name, kept ?? value];
      }),
    );
    return { ...target, headers };
  });
  return { ...wanted, proxy, targets };
}
