import {
  HeadwaterError,
  errorCodes,
  invalidConfig,
  keepMaskedSecret,
  mergeSecretHeaders,
  targetIdentityFields,
  targetSchema,
  upstreamSettingsSchema,
  upstreamSchema,
  type TargetInput,
  type TargetPatch,
  type UpstreamInput,
  type UpstreamPatch,
} from '@headwater/core';
import type { Database } from '@headwater/prisma';
import type { z } from 'zod';
import { deepMerge } from '../lib/deep-merge.ts';
import type { TargetRecord, UpstreamRecord } from './records.ts';
import type { SecretBox } from './secret-box.ts';
import { targetAsInput, targetFromRow, targetToColumns, upstreamAsInput, upstreamFromRow, upstreamToColumns } from './rows.ts';

type Tx = Parameters<Parameters<Database['$transaction']>[0]>[0];

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, prefix: PropertyKey[] = []): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw invalidConfig(result.error.issues, prefix);
  return result.data;
}

/** Top-level fields whose values differ (for the event log of a whole-object replace). */
function differingFields(before: object, after: object): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key]));
}

/**
 * The one place config is written. Every write validates the whole resulting object with
 * core's schemas first (so a rejected change stores nothing), runs in one transaction with a
 * config-version bump (so every node reloads within a second) and an event-log entry.
 */
export class ConfigRepository {
  constructor(
    private readonly db: Database,
    private readonly node: string,
    private readonly secrets: SecretBox,
  ) {}

  async version(): Promise<number> {
    const row = await this.db.configVersion.findUnique({ where: { id: 1 } });
    return row?.version ?? 0;
  }

  async listUpstreams(): Promise<UpstreamRecord[]> {
    const rows = await this.db.upstream.findMany({ include: { targets: true }, orderBy: { name: 'asc' } });
    return rows.map((row) =>
      upstreamFromRow(
        row,
        row.targets
          .map((target) => targetFromRow(target, this.secrets))
          .sort((a, b) => a.priority - b.priority || a.host.localeCompare(b.host) || a.port - b.port),
        this.secrets,
      ),
    );
  }

  async getUpstream(name: string): Promise<UpstreamRecord> {
    const row = await this.db.upstream.findUnique({ where: { name }, include: { targets: true } });
    if (!row) throw new HeadwaterError(errorCodes.UNKNOWN_UPSTREAM, `no upstream named "${name}"`);
    return upstreamFromRow(
      row,
      row.targets.map((target) => targetFromRow(target, this.secrets)),
      this.secrets,
    );
  }

  async createUpstream(input: UpstreamInput): Promise<UpstreamRecord> {
    const upstream = parseOrThrow(upstreamSchema, input);
    await this.write(async (tx) => {
      if (await tx.upstream.findUnique({ where: { name: upstream.name } })) {
        throw new HeadwaterError(errorCodes.NAME_TAKEN, `name: an upstream named "${upstream.name}" already exists`, [
          { path: 'name', message: 'is already taken' },
        ]);
      }
      const created = await tx.upstream.create({ data: upstreamToColumns(upstream, this.secrets) });
      for (const target of upstream.targets) {
        await tx.target.create({ data: { ...targetToColumns(target, this.secrets), upstreamId: created.id } });
      }
      await this.log(tx, { upstream: upstream.name, to: 'created', reason: `upstream created with ${upstream.targets.length} targets` });
    });
    return this.getUpstream(upstream.name);
  }

  /**
   * Edits an upstream's settings. A patch merges over what is stored; with `replace` the
   * changes are the whole settings (what a declarative file does: a field it omits goes back
   * to its default, a header it drops is dropped).
   */
  async updateUpstream(name: string, changes: UpstreamPatch, options: { replace?: boolean } = {}): Promise<UpstreamRecord> {
    const stored = await this.getUpstream(name);
    const merged = options.replace ? { ...changes } : deepMerge(upstreamAsInput(stored), changes);
    if (merged.proxy && stored.proxy) {
      merged.proxy = { ...merged.proxy, password: keepMaskedSecret(merged.proxy.password, stored.proxy.password) };
    }
    const upstream = parseOrThrow(upstreamSettingsSchema, merged, ['changes']);
    if (upstream.algorithm === 'consistent-hash' && !upstream.hashOn) {
      throw invalidConfig([{ path: ['hashOn'], message: 'is required when algorithm is consistent-hash' }], ['changes']);
    }
    await this.write(async (tx) => {
      if (upstream.name !== name && (await tx.upstream.findUnique({ where: { name: upstream.name } }))) {
        throw new HeadwaterError(errorCodes.NAME_TAKEN, `changes.name: an upstream named "${upstream.name}" already exists`, [
          { path: 'changes.name', message: 'is already taken' },
        ]);
      }
      await tx.upstream.update({ where: { id: stored.id }, data: upstreamToColumns(upstream, this.secrets) });
      const fields = options.replace ? differingFields(upstreamAsInput(stored), upstream) : Object.keys(changes);
      await this.log(tx, { upstream: upstream.name, to: 'updated', reason: `changed ${fields.join(', ') || 'nothing'}` });
    });
    return this.getUpstream(upstream.name);
  }

  async deleteUpstream(name: string): Promise<void> {
    const stored = await this.getUpstream(name);
    await this.write(async (tx) => {
      await tx.upstream.delete({ where: { id: stored.id } });
      await this.log(tx, { upstream: name, to: 'deleted', reason: 'upstream deleted' });
    });
  }

  async createTarget(upstreamName: string, input: TargetInput): Promise<TargetRecord> {
    const target = parseOrThrow(targetSchema, input, ['target']);
    const upstream = await this.getUpstream(upstreamName);
    const id = await this.write(async (tx) => {
      await this.assertFree(tx, upstream.id, target.host, target.port, 'target.port');
      const created = await tx.target.create({ data: { ...targetToColumns(target, this.secrets), upstreamId: upstream.id } });
      await this.log(tx, { upstream: upstream.name, target: created, to: 'created', reason: 'target added' });
      return created.id;
    });
    return this.getTarget(id);
  }

  async getTarget(id: string): Promise<TargetRecord> {
    const row = await this.db.target.findUnique({ where: { id } });
    if (!row) throw new HeadwaterError(errorCodes.UNKNOWN_TARGET, `no target with id "${id}"`);
    return targetFromRow(row, this.secrets);
  }

  /**
   * Edits a target. A change of host, port or protocol makes it a new target (new id, fresh
   * facts and counters), as the spec says; any other edit keeps its id and live state.
   */
  async updateTarget(id: string, changes: TargetPatch, options: { replace?: boolean } = {}): Promise<TargetRecord> {
    const stored = await this.getTarget(id);
    const merged = options.replace ? { ...changes } : deepMerge(targetAsInput(stored), changes);
    if (changes.headers) merged.headers = mergeSecretHeaders(changes.headers, stored.headers);
    const target = parseOrThrow(targetSchema, merged, ['changes']);
    const upstream = await this.db.upstream.findUniqueOrThrow({ where: { id: stored.upstreamId } });
    const identityChanged = targetIdentityFields.some((field) => target[field] !== stored[field]);
    const newId = await this.write(async (tx) => {
      if (target.host !== stored.host || target.port !== stored.port) {
        await this.assertFree(tx, stored.upstreamId, target.host, target.port, 'changes.port');
      }
      if (identityChanged) {
        await tx.target.delete({ where: { id } });
        const created = await tx.target.create({ data: { ...targetToColumns(target, this.secrets), upstreamId: stored.upstreamId } });
        await this.log(tx, {
          upstream: upstream.name,
          target: created,
          from: `${stored.host}:${stored.port}`,
          to: 'replaced',
          reason: 'host, port or protocol changed: a new target',
        });
        return created.id;
      }
      await tx.target.update({ where: { id }, data: targetToColumns(target, this.secrets) });
      const fields = options.replace ? differingFields(targetAsInput(stored), target) : Object.keys(changes);
      await this.log(tx, { upstream: upstream.name, target: stored, to: 'updated', reason: `changed ${fields.join(', ') || 'nothing'}` });
      return id;
    });
    return this.getTarget(newId);
  }

  async deleteTarget(id: string): Promise<void> {
    const stored = await this.getTarget(id);
    const upstream = await this.db.upstream.findUniqueOrThrow({ where: { id: stored.upstreamId } });
    await this.write(async (tx) => {
      await tx.target.delete({ where: { id } });
      await this.log(tx, { upstream: upstream.name, target: stored, to: 'deleted', reason: 'target removed' });
    });
  }

  /** A drain ended on this node: the target becomes disabled for every node (if still draining). */
  async finishDrain(id: string): Promise<boolean> {
    return this.write(async (tx) => {
      const { count } = await tx.target.updateMany({ where: { id, adminState: 'draining' }, data: { adminState: 'disabled' } });
      return count > 0;
    });
  }

  private async assertFree(tx: Tx, upstreamId: string, host: string, port: number, path: string): Promise<void> {
    const existing = await tx.target.findFirst({ where: { upstreamId, host, port } });
    if (existing) {
      throw new HeadwaterError(errorCodes.TARGET_EXISTS, `${path}: target ${host}:${port} already exists in this upstream`, [
        { path, message: `target ${host}:${port} already exists in this upstream` },
      ]);
    }
  }

  private async write<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.$transaction(async (tx) => {
      const result = await work(tx);
      await tx.configVersion.upsert({ where: { id: 1 }, create: { id: 1, version: 1 }, update: { version: { increment: 1 } } });
      return result;
    });
  }

  private async log(
    tx: Tx,
    entry: { upstream: string; target?: { id: string; host: string; port: number }; from?: string; to: string; reason: string },
  ): Promise<void> {
    await tx.event.create({
      data: {
        node: this.node,
        kind: 'config',
        upstream: entry.upstream,
        targetId: entry.target?.id ?? null,
        target: entry.target ? `${entry.target.host}:${entry.target.port}` : null,
        from: entry.from ?? null,
        to: entry.to,
        reason: entry.reason,
      },
    });
  }
}
