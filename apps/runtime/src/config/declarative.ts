import { readFile } from 'node:fs/promises';
import { HeadwaterError, errorCodes, invalidConfig, targetSchema, upstreamSchema } from '@headwater/core';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { UpstreamRecord } from './records.ts';
import type { ConfigRepository } from './repository.ts';
import { targetAsInput, upstreamAsInput } from './rows.ts';

const fileSchema = z.strictObject({ upstreams: z.array(z.record(z.string(), z.unknown())).default([]) });

/** Replaces `${VAR}` with the variable's value; a missing variable is an error naming it. */
export function interpolate(text: string, env: NodeJS.ProcessEnv, file: string): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) => {
    const value = env[name];
    if (value === undefined) {
      throw new HeadwaterError(errorCodes.INVALID_CONFIG, `${file}: environment variable ${name} is not set`);
    }
    return value;
  });
}

export interface ApplySummary {
  created: string[];
  updated: string[];
  unchanged: string[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Applies a declarative config: upstreams named in it are created or updated to match it
 * (targets keyed by host:port, ids kept), others are left alone, and an `adminState` the
 * file omits is left as the console set it. Applying the same file twice changes nothing.
 */
export async function applyConfigFile(path: string, repository: ConfigRepository, env: NodeJS.ProcessEnv): Promise<ApplySummary> {
  const text = interpolate(await readFile(path, 'utf8'), env, path);
  const parsed = fileSchema.safeParse(parseYaml(text) ?? {});
  if (!parsed.success) throw invalidConfig(parsed.error.issues);
  const summary: ApplySummary = { created: [], updated: [], unchanged: [] };
  const existing = new Map((await repository.listUpstreams()).map((upstream) => [upstream.name, upstream]));

  // Validate the whole file before writing anything, so an invalid file stores nothing.
  const upstreams = parsed.data.upstreams.map((raw, index) => {
    const result = upstreamSchema.safeParse(raw);
    if (!result.success) throw invalidConfig(result.error.issues, ['upstreams', index]);
    return { raw, wanted: result.data };
  });
  for (const { raw, wanted } of upstreams) {
    const stored = existing.get(wanted.name);
    if (!stored) {
      await repository.createUpstream(wanted);
      summary.created.push(wanted.name);
      continue;
    }
    const rawTargets = (raw.targets ?? []) as Array<Record<string, unknown>>;
    const changed = await reconcile(repository, stored, wanted, rawTargets);
    (changed ? summary.updated : summary.unchanged).push(wanted.name);
  }
  return summary;
}

async function reconcile(
  repository: ConfigRepository,
  stored: UpstreamRecord,
  wanted: z.output<typeof upstreamSchema>,
  rawTargets: Array<Record<string, unknown>>,
): Promise<boolean> {
  let changed = false;
  const { targets: wantedTargets, ...settings } = wanted;
  if (!same(upstreamAsInput(stored), settings)) {
    await repository.updateUpstream(stored.name, settings);
    changed = true;
  }
  const byKey = new Map(stored.targets.map((target) => [`${target.host}:${target.port}`, target]));
  for (const [index, target] of wantedTargets.entries()) {
    const current = byKey.get(`${target.host}:${target.port}`);
    byKey.delete(`${target.host}:${target.port}`);
    const desired = rawTargets[index]?.adminState === undefined && current ? { ...target, adminState: current.adminState } : target;
    if (!current) {
      await repository.createTarget(stored.name, targetSchema.parse(desired));
      changed = true;
    } else if (!same(targetAsInput(current), desired)) {
      await repository.updateTarget(current.id, desired);
      changed = true;
    }
  }
  for (const leftover of byKey.values()) {
    await repository.deleteTarget(leftover.id);
    changed = true;
  }
  return changed;
}
