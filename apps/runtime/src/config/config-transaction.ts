import { randomUUID } from 'node:crypto';
import {
  HeadwaterError,
  errorCodes,
  targetIdentityFields,
  targetSchema,
  upstreamSchema,
  type TargetInput,
  type TargetPatch,
  type TargetSettings,
  type UpstreamInput,
  type UpstreamPatch,
  type UpstreamSettings,
} from '@headwater/core';
import { notifyConfigChange } from '@headwater/prisma';
import { type ChangeOptions, differingFields, nextTargetSettings, nextUpstreamSettings, parseOrThrow } from './config-changes.ts';
import { ConfigReader, type Transaction } from './config-reader.ts';
import { uniqueViolationTable } from './database-errors.ts';
import type { TargetRecord, UpstreamRecord } from './records.ts';
import { targetAsInput, targetToColumns, upstreamAsInput, upstreamToColumns } from './rows.ts';
import type { SecretBox } from './secret-box.ts';
import { proxyCanRead, proxyEndpoint, proxyMoved } from './secret-destinations.ts';
import { UpstreamClaims } from './upstream-claims.ts';
import type { VersionCheck } from './version-conflict.ts';

/** A target after a change, and the stored secrets the change dropped (`headers.<name>`). */
export interface TargetChange {
  target: TargetRecord;
  droppedSecrets: string[];
}

/** An upstream after a change, and the stored secrets the change dropped (`proxy.password`, `targets.<host:port>.headers.<name>`). */
export interface UpstreamChange {
  upstream: UpstreamRecord;
  droppedSecrets: string[];
}

/** How a write reads its change (a patch, or the whole object) and which version of the upstream it was based on. */
export type WriteOptions = ChangeOptions & VersionCheck;

/** Thrown to roll back a transaction that found, once it held the upstream, nothing left to change. */
export class NothingToChange extends Error {}

type EventEntry = { upstream: string; target?: { id: string; host: string; port: number }; from?: string; to: string; reason: string };

const nameTaken = (name: string, path: string) =>
  new HeadwaterError(errorCodes.NAME_TAKEN, `${path}: an upstream named "${name}" already exists`, [{ path, message: 'is already taken' }]);

const targetExists = (host: string, port: number, path: string) =>
  new HeadwaterError(errorCodes.TARGET_EXISTS, `${path}: target ${host}:${port} already exists in this upstream`, [
    { path, message: `target ${host}:${port} already exists in this upstream` },
  ]);

/**
 * Every write of the config, inside one open transaction: each first claims the upstream it
 * changes (checking the version its caller expected, and bumping it: `UpstreamClaims`), validates
 * the whole resulting object with core's schemas before it writes, reads what it changes through
 * the same transaction, logs an event, and bumps the config version once (so every node reloads
 * within a second: on PostgreSQL the bump also NOTIFYs, delivered at commit). Ids are chosen here, before the insert, because each sealed secret is bound to its row.
 */
export class ConfigTransaction extends ConfigReader {
  /** The config version this transaction made (once it changed anything). */
  private bumpedTo: number | undefined;
  private readonly claims: UpstreamClaims;

  constructor(
    private readonly tx: Transaction,
    secrets: SecretBox,
    private readonly node: string,
    /** PostgreSQL: tell every listening node the new version, at commit (NOTIFY). */
    private readonly notifyChanges = false,
  ) {
    super(tx, secrets);
    this.claims = new UpstreamClaims(tx, (id) => this.getUpstreamById(id));
  }

  async createUpstream(input: UpstreamInput): Promise<UpstreamRecord> {
    const upstream = parseOrThrow(upstreamSchema, input);
    await this.assertNameFree(upstream.name, 'name');
    const id = randomUUID();
    await this.unique(this.tx.upstream.create({ data: { id, ...upstreamToColumns(upstream, this.secrets, id) } }), {
      Upstream: () => nameTaken(upstream.name, 'name'),
    });
    this.claims.created(id);
    // The schema refused duplicate targets, and a new upstream has none stored: nothing to check first.
    for (const [index, target] of upstream.targets.entries()) await this.insertTarget(id, target, `targets.${index}.port`);
    await this.changed({ upstream: upstream.name, to: 'created', reason: `upstream created with ${upstream.targets.length} targets` });
    return this.getUpstream(upstream.name);
  }

  /**
   * Edits an upstream's settings. A patch merges over what is stored; with `replace` the
   * changes are the whole settings (what a declarative file does: a field it omits goes back
   * to its default). A proxy that changes host or port makes every target of the upstream a
   * new one, as a host or port change does for one target.
   */
  async updateUpstream(name: string, changes: UpstreamPatch, options: WriteOptions = {}): Promise<UpstreamChange> {
    await this.claimByName(name, options);
    const stored = await this.getUpstream(name);
    const { settings, droppedSecrets } = nextUpstreamSettings(stored, changes, options);
    if (settings.name !== name) await this.assertNameFree(settings.name, 'changes.name');
    await this.unique(this.tx.upstream.update({ where: { id: stored.id }, data: upstreamToColumns(settings, this.secrets, stored.id) }), {
      Upstream: () => nameTaken(settings.name, 'changes.name'),
    });
    const fields = options.replace ? differingFields(upstreamAsInput(stored), settings) : Object.keys(changes);
    await this.changed({ upstream: settings.name, to: 'updated', reason: `changed ${fields.join(', ') || 'nothing'}` });
    if (proxyEndpoint(stored.proxy) !== proxyEndpoint(settings.proxy)) droppedSecrets.push(...(await this.renewTargets(stored, settings)));
    return { upstream: await this.getUpstream(settings.name), droppedSecrets };
  }

  async deleteUpstream(name: string, check: VersionCheck = {}): Promise<void> {
    await this.claimByName(name, check);
    const stored = await this.getUpstream(name);
    await this.tx.upstream.delete({ where: { id: stored.id } });
    await this.changed({ upstream: name, to: 'deleted', reason: 'upstream deleted' });
  }

  async createTarget(upstreamName: string, input: TargetInput, check: VersionCheck = {}): Promise<TargetRecord> {
    const target = parseOrThrow(targetSchema, input, ['target']);
    await this.claimByName(upstreamName, check);
    const upstream = await this.getUpstream(upstreamName);
    await this.assertTargetFree(upstream.id, target, 'target.port');
    const created = await this.insertTarget(upstream.id, target, 'target.port');
    await this.changed({ upstream: upstream.name, target: created, to: 'created', reason: 'target added' });
    return this.getTarget(created.id);
  }

  /** The target at `host:port` in an upstream, whatever its id is by now. */
  async targetAt(upstreamName: string, host: string, port: number): Promise<TargetRecord> {
    const target = (await this.getUpstream(upstreamName)).targets.find((t) => t.host === host && t.port === port);
    if (!target) throw new HeadwaterError(errorCodes.UNKNOWN_TARGET, `no target ${host}:${port} in upstream "${upstreamName}"`);
    return target;
  }

  /**
   * Edits a target. A change of host, port or protocol makes it a new target (new id, fresh
   * facts and counters), as the spec says; any other edit keeps its id and live state.
   */
  async updateTarget(id: string, changes: TargetPatch, options: WriteOptions = {}): Promise<TargetChange> {
    await this.claimByTarget(id, options);
    const stored = await this.getTarget(id);
    const { target, droppedSecrets } = nextTargetSettings(stored, changes, options);
    const upstream = await this.tx.upstream.findUniqueOrThrow({ where: { id: stored.upstreamId } });
    if (target.host !== stored.host || target.port !== stored.port) await this.assertTargetFree(stored.upstreamId, target, 'changes.port');
    if (targetIdentityFields.some((field) => target[field] !== stored[field])) {
      const created = await this.replaceTarget(upstream, stored, target, 'host, port or protocol changed: a new target');
      return { target: await this.getTarget(created), droppedSecrets };
    }
    await this.unique(this.tx.target.update({ where: { id }, data: targetToColumns(target, this.secrets, id) }), {
      Target: () => targetExists(target.host, target.port, 'changes.port'),
    });
    const fields = options.replace ? differingFields(targetAsInput(stored), target) : Object.keys(changes);
    await this.changed({ upstream: upstream.name, target: stored, to: 'updated', reason: `changed ${fields.join(', ') || 'nothing'}` });
    return { target: await this.getTarget(id), droppedSecrets };
  }

  async deleteTarget(id: string, check: VersionCheck = {}): Promise<void> {
    await this.claimByTarget(id, check);
    const stored = await this.getTarget(id);
    const upstream = await this.tx.upstream.findUniqueOrThrow({ where: { id: stored.upstreamId } });
    await this.tx.target.delete({ where: { id } });
    await this.changed({ upstream: upstream.name, target: stored, to: 'deleted', reason: 'target removed' });
  }

  /**
   * A drain ended on this node: the target becomes disabled for every node, if it is still
   * draining. Throws NothingToChange (to roll back the claim) when it stopped draining between
   * the first look and the claim.
   */
  async finishDrain(id: string): Promise<boolean> {
    const target = await this.tx.target.findUnique({ where: { id }, select: { upstreamId: true, adminState: true } });
    if (target?.adminState !== 'draining') return false;
    await this.claims.claim(target.upstreamId);
    const { count } = await this.tx.target.updateMany({ where: { id, adminState: 'draining' }, data: { adminState: 'disabled' } });
    if (count === 0) throw new NothingToChange();
    await this.bumpVersion();
    return true;
  }

  /**
   * Claims several stored upstreams up front, always in the same order (by id), so two
   * transactions that change the same upstreams (two imports) never wait on each other in a cycle.
   */
  async claimUpstreams(ids: readonly string[]): Promise<void> {
    for (const id of [...ids].sort()) await this.claims.claim(id);
  }

  private async claimByName(name: string, check: VersionCheck): Promise<void> {
    const row = await this.tx.upstream.findUnique({ where: { name }, select: { id: true } });
    if (!row) throw new HeadwaterError(errorCodes.UNKNOWN_UPSTREAM, `no upstream named "${name}"`);
    await this.claims.claim(row.id, check);
  }

  /** Claims the target's upstream (a target never moves to another upstream, so reading it unclaimed is safe). */
  private async claimByTarget(id: string, check: VersionCheck): Promise<void> {
    const row = await this.tx.target.findUnique({ where: { id }, select: { upstreamId: true } });
    if (!row) throw new HeadwaterError(errorCodes.UNKNOWN_TARGET, `no target with id "${id}"`);
    await this.claims.claim(row.upstreamId, check);
  }

  /**
   * After the proxy moved: every target is made anew. Headers a new proxy could read go only
   * where they were given for, so they are dropped (`targets.<host:port>.headers.<name>`).
   */
  private async renewTargets(stored: UpstreamRecord, settings: UpstreamSettings): Promise<string[]> {
    const moved = proxyMoved(stored.proxy, settings.proxy);
    const upstream = { id: stored.id, name: settings.name };
    const dropped: string[] = [];
    for (const target of stored.targets) {
      const { id: _id, upstreamId: _upstreamId, ...current } = target;
      const exposed = moved && proxyCanRead(target);
      if (exposed) dropped.push(...Object.keys(target.headers).map((name) => `targets.${target.host}:${target.port}.headers.${name}`));
      await this.replaceTarget(upstream, target, { ...current, headers: exposed ? {} : target.headers }, 'proxy changed: a new target');
    }
    return dropped;
  }

  private async replaceTarget(
    upstream: { id: string; name: string },
    stored: TargetRecord,
    next: TargetSettings,
    reason: string,
  ): Promise<string> {
    await this.tx.target.delete({ where: { id: stored.id } });
    const created = await this.insertTarget(upstream.id, next, 'changes.port');
    await this.changed({ upstream: upstream.name, target: created, from: `${stored.host}:${stored.port}`, to: 'replaced', reason });
    return created.id;
  }

  private async insertTarget(upstreamId: string, target: TargetSettings, path: string) {
    const id = randomUUID();
    return this.unique(this.tx.target.create({ data: { id, upstreamId, ...targetToColumns(target, this.secrets, id) } }), {
      Target: () => targetExists(target.host, target.port, path),
    });
  }

  private async assertNameFree(name: string, path: string): Promise<void> {
    if (await this.tx.upstream.findUnique({ where: { name } })) throw nameTaken(name, path);
  }

  private async assertTargetFree(upstreamId: string, target: { host: string; port: number }, path: string): Promise<void> {
    const { host, port } = target;
    if (await this.tx.target.findFirst({ where: { upstreamId, host, port } })) throw targetExists(host, port, path);
  }

  /**
   * A write whose unique constraint is the last word: two writers that both checked before
   * either wrote race to it, and the loser gets the same conflict the check gives.
   */
  private async unique<T>(write: Promise<T>, conflicts: Record<string, () => HeadwaterError>): Promise<T> {
    try {
      return await write;
    } catch (error) {
      const conflict = conflicts[uniqueViolationTable(error) ?? ''];
      throw conflict ? conflict() : error;
    }
  }

  /** Logs a config change and bumps the version (once per transaction: one commit is one new version). */
  private async changed(entry: EventEntry): Promise<void> {
    await this.tx.event.create({
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
    await this.bumpVersion();
  }

  /** The config version this transaction makes when it commits, or undefined when it changed nothing. */
  get newVersion(): number | undefined {
    return this.bumpedTo;
  }

  private async bumpVersion(): Promise<void> {
    if (this.bumpedTo !== undefined) return;
    const { version } = await this.tx.configVersion.upsert({
      where: { id: 1 },
      create: { id: 1, version: 1 },
      update: { version: { increment: 1 } },
    });
    if (this.notifyChanges) await notifyConfigChange(this.tx, version);
    this.bumpedTo = version;
  }
}
