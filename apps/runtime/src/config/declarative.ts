import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { HeadwaterError, errorCodes, invalidConfig, isMasked, type targetSchema, upstreamSchema, type FieldIssue } from '@headwater/core';
import { isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { z } from 'zod';
import type { UpstreamRecord } from './records.ts';
import type { ConfigRepository } from './repository.ts';
import { targetAsInput, upstreamAsInput } from './rows.ts';

/** Environment variables as `${VAR}` reads them (process.env, or a filtered copy of it). */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

const fileSchema = z.strictObject({ upstreams: z.array(z.record(z.string(), z.unknown())).default([]) });

type WantedUpstream = z.output<typeof upstreamSchema>;
type WantedTarget = z.output<typeof targetSchema>;
type Step = (repository: ConfigRepository) => Promise<unknown>;

const variable = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * Parses YAML with `${VAR}` read from the environment, value by value: each `${VAR}` becomes
 * an inert token before parsing (so it is valid anywhere, `{ port: ${PORT} }` included), and
 * the tokens are filled in inside the parsed scalars. So a value is taken exactly as the
 * environment holds it: a secret with ` #`, `: ` or quotes in it can neither end early nor
 * break the YAML, as replacing in the text would. A plain (unquoted) scalar that becomes a
 * number, boolean or null is read as one. A variable in a comment is not read. A missing
 * variable is an error naming it and its field.
 */
function parseWithEnv(text: string, env: EnvironmentVariables, source: string): unknown {
  const nonce = randomBytes(8).toString('hex');
  const names: string[] = [];
  const token = new RegExp(`hwenv${nonce}x(\\d+)x`, 'g');
  const document = parseDocument(text.replace(variable, (_, name: string) => `hwenv${nonce}x${names.push(name) - 1}x`));
  const error = document.errors[0];
  if (error) {
    const reason = error.message.split('\n')[0]?.replace(token, (_, index: string) => `\${${names[Number(index)]}}`);
    throw new HeadwaterError(errorCodes.INVALID_CONFIG, `${source}: not valid YAML: ${reason}`, [
      { path: source, message: `not valid YAML: ${reason}` },
    ]);
  }
  visit(document, {
    Scalar(key, node, path) {
      if (typeof node.value !== 'string' || !node.value.includes(`hwenv${nonce}x`)) return;
      const value = node.value.replace(token, (_, index: string) => {
        const name = names[Number(index)]!;
        const found = env[name];
        if (found === undefined) {
          const field = fieldPath(key, path);
          throw new HeadwaterError(errorCodes.INVALID_CONFIG, `${source}: ${field}: environment variable ${name} is not set`, [
            { path: field, message: `environment variable ${name} is not set` },
          ]);
        }
        return found;
      });
      node.value = node.type === 'PLAIN' ? plainScalar(value) : value;
    },
  });
  return document.toJS() ?? {};
}

/** `upstreams.0.proxy.password` for a scalar, from the nodes above it. */
function fieldPath(key: number | 'key' | 'value' | null, path: readonly unknown[]): string {
  const parts: Array<string | number> = [];
  path.forEach((node, index) => {
    if (isPair(node)) parts.push(isScalar(node.key) ? String(node.key.value) : '?');
    else if (isSeq(node)) {
      const next = path[index + 1];
      parts.push(next === undefined ? String(key) : node.items.indexOf(next as never));
    }
  });
  return parts.join('.');
}

function plainScalar(value: string): unknown {
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  if (value === '' || value === 'null' || value === '~') return null;
  return value;
}

export interface ApplySummary {
  created: string[];
  updated: string[];
  unchanged: string[];
}

/**
 * Applies a declarative config file (`HEADWATER_CONFIG`): see `applyConfigText`.
 */
export async function applyConfigFile(path: string, repository: ConfigRepository, env: EnvironmentVariables): Promise<ApplySummary> {
  return applyConfigText(await readFile(path, 'utf8'), path, repository, env);
}

/**
 * Applies a declarative config: upstreams named in it are created or updated to match it
 * (targets keyed by host:port, ids kept), others are left alone, and an `adminState` the
 * text omits is left as the console set it. A masked secret (`••••…`, as an export writes
 * it) keeps the stored one. Applying the same text twice changes nothing.
 *
 * The whole text is validated, and every change planned, before anything is written, so an
 * invalid text stores nothing. `dryRun` stops there and reports what would change.
 * `source` names the text in error messages (a file path, or the admin API's input field).
 */
export async function applyConfigText(
  text: string,
  source: string,
  repository: ConfigRepository,
  env: EnvironmentVariables,
  options: { dryRun?: boolean } = {},
): Promise<ApplySummary> {
  const upstreams = parseConfigText(text, source, env);
  const { summary, steps } = plan(upstreams, await repository.listUpstreams());
  if (!options.dryRun) {
    for (const step of steps) await step(repository);
  }
  return summary;
}

/** Interpolates, parses and validates the whole text; throws one error naming every bad field. */
function parseConfigText(
  text: string,
  source: string,
  env: EnvironmentVariables,
): Array<{ raw: Record<string, unknown>; wanted: WantedUpstream }> {
  const document = parseWithEnv(text, env, source);
  const parsed = fileSchema.safeParse(document);
  if (!parsed.success) throw invalidConfig(parsed.error.issues);

  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  const firstIndexOf = new Map<string, number>();
  const upstreams = parsed.data.upstreams.flatMap((raw, index) => {
    const result = upstreamSchema.safeParse(raw);
    if (!result.success) {
      issues.push(...result.error.issues.map((issue) => ({ path: ['upstreams', index, ...issue.path], message: issue.message })));
      return [];
    }
    const first = firstIndexOf.get(result.data.name);
    if (first !== undefined)
      issues.push({ path: ['upstreams', index, 'name'], message: `duplicates upstreams.${first}.name "${result.data.name}"` });
    firstIndexOf.set(result.data.name, first ?? index);
    return [{ raw, wanted: result.data, index }];
  });
  if (issues.length > 0) throw invalidConfig(issues);
  return upstreams;
}

/** Works out every write the config needs, without writing; refuses masked secrets it cannot keep. */
function plan(upstreams: Array<{ raw: Record<string, unknown>; wanted: WantedUpstream }>, stored: readonly UpstreamRecord[]) {
  const summary: ApplySummary = { created: [], updated: [], unchanged: [] };
  const steps: Step[] = [];
  const issues: FieldIssue[] = [];
  const existing = new Map(stored.map((upstream) => [upstream.name, upstream]));

  upstreams.forEach(({ raw, wanted }, index) => {
    const at = `upstreams.${index}`;
    const current = existing.get(wanted.name);
    const resolved = withStoredSecrets(wanted, current, at, issues);
    if (!current) {
      steps.push((repository) => repository.createUpstream(resolved));
      summary.created.push(wanted.name);
      return;
    }
    const rawTargets = Array.isArray(raw.targets) ? (raw.targets as Array<Record<string, unknown> | undefined>) : [];
    const upstreamSteps = reconcile(current, resolved, rawTargets);
    steps.push(...upstreamSteps);
    (upstreamSteps.length > 0 ? summary.updated : summary.unchanged).push(wanted.name);
  });
  if (issues.length > 0) throw invalidConfig(issues.map((issue) => ({ path: issue.path.split('.'), message: issue.message })));
  return { summary, steps };
}

/**
 * A masked secret (as an export writes it) means "keep the stored one". With nothing stored
 * to keep (a new upstream, a new target, a new header) it is an error naming the field.
 */
function withStoredSecrets(wanted: WantedUpstream, current: UpstreamRecord | undefined, at: string, issues: FieldIssue[]): WantedUpstream {
  const masked = (path: string) => issues.push({ path, message: 'is masked: give the value' });
  let proxy = wanted.proxy;
  if (proxy?.password !== undefined && isMasked(proxy.password)) {
    const kept = current?.proxy?.password;
    if (kept === undefined) masked(`${at}.proxy.password`);
    proxy = { ...proxy, password: kept ?? proxy.password };
  }
  const storedTargets = new Map((current?.targets ?? []).map((target) => [keyOf(target), target]));
  const targets = wanted.targets.map((target, index) => {
    const storedHeaders = storedTargets.get(keyOf(target))?.headers ?? {};
    const headers = Object.fromEntries(
      Object.entries(target.headers).map(([name, value]) => {
        if (!isMasked(value)) return [name, value];
        const kept = storedHeaders[name];
        if (kept === undefined) masked(`${at}.targets.${index}.headers.${name}`);
        return [name, kept ?? value];
      }),
    );
    return { ...target, headers };
  });
  return { ...wanted, proxy, targets };
}

function reconcile(stored: UpstreamRecord, wanted: WantedUpstream, rawTargets: Array<Record<string, unknown> | undefined>): Step[] {
  const steps: Step[] = [];
  const { targets: wantedTargets, ...settings } = wanted;
  if (!same(upstreamAsInput(stored), settings)) {
    steps.push((repository) => repository.updateUpstream(stored.name, settings, { replace: true }));
  }
  const leftovers = new Map(stored.targets.map((target) => [keyOf(target), target]));
  wantedTargets.forEach((target, index) => {
    const current = leftovers.get(keyOf(target));
    leftovers.delete(keyOf(target));
    const desired: WantedTarget =
      rawTargets[index]?.adminState === undefined && current ? { ...target, adminState: current.adminState } : target;
    if (!current) steps.push((repository) => repository.createTarget(stored.name, desired));
    else if (!same(targetAsInput(current), desired))
      steps.push((repository) => repository.updateTarget(current.id, desired, { replace: true }));
  });
  for (const leftover of leftovers.values()) steps.push((repository) => repository.deleteTarget(leftover.id));
  return steps;
}

const keyOf = (target: { host: string; port: number }) => `${target.host}:${target.port}`;

/** Equal as config: key order does not matter, an undefined field is an absent one. */
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

const canonical = (value: unknown) =>
  JSON.stringify(value, (_, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
