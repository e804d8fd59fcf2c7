import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { invalidConfig, type FieldIssue, upstreamSchema } from '@headwater/core';
import { z } from 'zod';
import { upstreamFieldChanges, type UpstreamDiff } from './config-diff.ts';
import type { ConfigTransaction } from './config-transaction.ts';
import { type ConfigVariables, type EnvironmentVariables, parseYamlWithVariables } from './config-variables.ts';
import { standInForMasks, withStoredSecrets } from './declarative-secrets.ts';
import type { UpstreamRecord } from './records.ts';
import type { ConfigRepository } from './repository.ts';
import { targetAsInput, upstreamAsInput } from './rows.ts';
import { proxyCanRead, proxyEndpoint, proxyMoved } from './secret-destinations.ts';

export type { ConfigVariables, EnvironmentVariables } from './config-variables.ts';
export type { FieldChange, UpstreamDiff } from './config-diff.ts';

const fileSchema = z.strictObject({ upstreams: z.array(z.record(z.string(), z.unknown())).default([]) });

type WantedUpstream = z.output<typeof upstreamSchema>;
type Step = (transaction: ConfigTransaction) => Promise<unknown>;
/** A write to one target, given the ids of the upstream's targets by `host:port` when it runs. */
type TargetStep = (transaction: ConfigTransaction, idAt: (address: string) => string) => Promise<unknown>;

export interface ApplySummary {
  created: string[];
  updated: string[];
  unchanged: string[];
  /** Field by field, what changes in each created and updated upstream; secrets masked. */
  changes: UpstreamDiff[];
}

/**
 * Applies the start-up config file (`HEADWATER_CONFIG`), which the operator writes: `${VAR}`
 * may stand in any field, but never reads the runtime's own settings. See `applyConfigText`.
 */
export async function applyConfigFile(path: string, repository: ConfigRepository, env: EnvironmentVariables): Promise<ApplySummary> {
  return applyConfigText(await readFile(path, 'utf8'), path, repository, { values: env, allowedIn: 'any-field' });
}

/**
 * Applies a declarative config: upstreams named in it are created or updated to match it
 * (targets keyed by host:port, ids kept), others are left alone, and an `adminState` the
 * text omits is left as the console set it. A masked secret (`••••…`, as an export writes
 * it) keeps the stored one where it can. Applying the same text twice changes nothing.
 *
 * The whole text is validated first; then one transaction reads the stored config, plans every
 * change and writes them: all of it is stored, or (an invalid text, a failure part-way) none
 * of it. `dryRun` plans and reports what would change, storing nothing. `source` names the text
 * in error messages (a file path, or the admin API's input field).
 */
export async function applyConfigText(
  text: string,
  source: string,
  repository: ConfigRepository,
  variables: ConfigVariables,
  options: { dryRun?: boolean } = {},
): Promise<ApplySummary> {
  const upstreams = parseConfigText(text, source, variables);
  return repository.transaction(async (transaction) => {
    const stored = await transaction.listUpstreams();
    const { summary, steps } = plan(upstreams, stored);
    if (!options.dryRun) {
      const updated = new Set(summary.updated);
      await transaction.claimUpstreams(stored.filter((upstream) => updated.has(upstream.name)).map((upstream) => upstream.id));
      for (const step of steps) await step(transaction);
    }
    return summary;
  });
}

/** Interpolates, parses and validates the whole text; throws one error naming every bad field. */
function parseConfigText(
  text: string,
  source: string,
  variables: ConfigVariables,
): Array<{ raw: Record<string, unknown>; wanted: WantedUpstream }> {
  const parsed = fileSchema.safeParse(parseYamlWithVariables(text, variables, source));
  if (!parsed.success) throw invalidConfig(parsed.error.issues);

  const issues: Array<{ path: PropertyKey[]; message: string }> = [];
  const firstIndexOf = new Map<string, number>();
  const nonce = randomBytes(8).toString('hex');
  const upstreams = parsed.data.upstreams.flatMap((raw, index) => {
    const masks = standInForMasks(raw, nonce);
    const result = upstreamSchema.safeParse(masks.input);
    if (!result.success) {
      issues.push(...result.error.issues.map((issue) => ({ path: ['upstreams', index, ...issue.path], message: issue.message })));
      return [];
    }
    const first = firstIndexOf.get(result.data.name);
    if (first !== undefined)
      issues.push({ path: ['upstreams', index, 'name'], message: `duplicates upstreams.${first}.name "${result.data.name}"` });
    firstIndexOf.set(result.data.name, first ?? index);
    return [{ raw, wanted: masks.restore(result.data) }];
  });
  if (issues.length > 0) throw invalidConfig(issues);
  return upstreams;
}

/** Works out every write the config needs, without writing; refuses masked secrets it cannot keep. */
function plan(upstreams: Array<{ raw: Record<string, unknown>; wanted: WantedUpstream }>, stored: readonly UpstreamRecord[]) {
  const summary: ApplySummary = { created: [], updated: [], unchanged: [], changes: [] };
  const steps: Step[] = [];
  const issues: FieldIssue[] = [];
  const existing = new Map(stored.map((upstream) => [upstream.name, upstream]));

  upstreams.forEach(({ raw, wanted }, index) => {
    const current = existing.get(wanted.name);
    const resolved = withStoredSecrets(wanted, current, `upstreams.${index}`, issues);
    if (!current) {
      steps.push((transaction) => transaction.createUpstream(resolved));
      summary.created.push(wanted.name);
      summary.changes.push({ upstream: wanted.name, kind: 'created', fields: upstreamFieldChanges(undefined, resolved) });
      return;
    }
    const desired = withAdminStatesKept(current, resolved, raw);
    const step = reconcile(current, desired);
    if (step) steps.push(step);
    (step ? summary.updated : summary.unchanged).push(wanted.name);
    if (step) summary.changes.push({ upstream: wanted.name, kind: 'updated', fields: upstreamFieldChanges(current, desired) });
  });
  if (issues.length > 0) throw invalidConfig(issues.map((issue) => ({ path: issue.path.split('.'), message: issue.message })));
  return { summary, steps };
}

/** A target's `adminState` the text leaves out stays as the console set it. */
function withAdminStatesKept(stored: UpstreamRecord, wanted: WantedUpstream, raw: Record<string, unknown>): WantedUpstream {
  const rawTargets = Array.isArray(raw.targets) ? (raw.targets as Array<Record<string, unknown> | undefined>) : [];
  const storedAt = new Map(stored.targets.map((target) => [addressOf(target), target]));
  const targets = wanted.targets.map((target, index) => {
    const current = storedAt.get(addressOf(target));
    return rawTargets[index]?.adminState === undefined && current ? { ...target, adminState: current.adminState } : target;
  });
  return { ...wanted, targets };
}

/**
 * The writes that make a stored upstream match the text, as one step, or null when it already
 * does. Targets the text drops go first; then the settings; then new and changed targets. A
 * proxy that moves makes every target new (new ids, read back before the target writes), and
 * drops the headers the new proxy could read: each target that has headers in the text is
 * written again, so they are stored as the text gives them.
 */
function reconcile(stored: UpstreamRecord, wanted: WantedUpstream): Step | null {
  const { targets: wantedTargets, ...settings } = wanted;
  const settingsChanged = !same(upstreamAsInput(stored), settings);
  const proxyChanged = proxyEndpoint(stored.proxy) !== proxyEndpoint(settings.proxy);
  const headersDropped = proxyMoved(stored.proxy, settings.proxy);
  const leftovers = new Map(stored.targets.map((target) => [addressOf(target), target]));
  const writes: TargetStep[] = [];
  wantedTargets.forEach((desired) => {
    const address = addressOf(desired);
    const current = leftovers.get(address);
    leftovers.delete(address);
    const rewriteHeaders = headersDropped && proxyCanRead(desired) && Object.keys(desired.headers).length > 0;
    if (!current) writes.push((transaction) => transaction.createTarget(stored.name, desired));
    else if (rewriteHeaders || !same(targetAsInput(current), desired))
      writes.push((transaction, idAt) => transaction.updateTarget(idAt(address), desired, { replace: true }));
  });
  const removals = [...leftovers.values()].map((target) => target.id);
  if (!settingsChanged && writes.length === 0 && removals.length === 0) return null;
  return async (transaction) => {
    for (const id of removals) await transaction.deleteTarget(id);
    if (settingsChanged) await transaction.updateUpstream(stored.name, settings, { replace: true });
    const targets = proxyChanged ? (await transaction.getUpstream(settings.name)).targets : stored.targets;
    const ids = new Map(targets.map((target) => [addressOf(target), target.id]));
    for (const write of writes) await write(transaction, (address) => ids.get(address)!);
  };
}

const addressOf = (target: { host: string; port: number }) => `${target.host}:${target.port}`;

/** Equal as config: key order does not matter, an undefined field is an absent one. */
const same = (a: unknown, b: unknown) => canonical(a) === canonical(b);

const canonical = (value: unknown) =>
  JSON.stringify(value, (_, item: unknown) =>
    item !== null && typeof item === 'object' && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : item,
  );
