import type { TargetInput, TargetPatch, UpstreamInput, UpstreamPatch } from '@headwater/core';
import type { Database } from '@headwater/prisma';
import { ConfigReader } from './config-reader.ts';
import { ConfigTransaction, NothingToChange, type TargetChange, type UpstreamChange, type WriteOptions } from './config-transaction.ts';
import type { TargetRecord, UpstreamRecord } from './records.ts';
import type { SecretBox } from './secret-box.ts';
import type { VersionCheck } from './version-conflict.ts';

export type { TargetChange, UpstreamChange, WriteOptions } from './config-transaction.ts';

/**
 * How long one transaction may stay open. Prisma's default (5 s) is short for an import of
 * thousands of targets on a loaded machine; a transaction still open after this is rolled back.
 */
const TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * The one place config is written. Each write is one transaction (`ConfigTransaction`): it
 * validates the whole resulting object with core's schemas first, so a rejected change stores
 * nothing; several writes that must land together (an import) share one through `transaction`.
 * A write given an `expectedVersion` stores nothing, and fails with a VersionConflict, when its
 * upstream's version has moved since.
 */
export class ConfigRepository extends ConfigReader {
  constructor(
    private readonly db: Database,
    private readonly node: string,
    secrets: SecretBox,
  ) {
    super(db, secrets);
  }

  /** Runs `work` in one database transaction: everything it writes is stored, or nothing is. */
  transaction<T>(work: (transaction: ConfigTransaction) => Promise<T>): Promise<T> {
    return this.db.$transaction((tx) => work(new ConfigTransaction(tx, this.secrets, this.node)), { timeout: TRANSACTION_TIMEOUT_MS });
  }

  createUpstream(input: UpstreamInput): Promise<UpstreamRecord> {
    return this.transaction((tx) => tx.createUpstream(input));
  }

  updateUpstream(name: string, changes: UpstreamPatch, options: WriteOptions = {}): Promise<UpstreamChange> {
    return this.transaction((tx) => tx.updateUpstream(name, changes, options));
  }

  deleteUpstream(name: string, check: VersionCheck = {}): Promise<void> {
    return this.transaction((tx) => tx.deleteUpstream(name, check));
  }

  createTarget(upstreamName: string, input: TargetInput, check: VersionCheck = {}): Promise<TargetRecord> {
    return this.transaction((tx) => tx.createTarget(upstreamName, input, check));
  }

  updateTarget(id: string, changes: TargetPatch, options: WriteOptions = {}): Promise<TargetChange> {
    return this.transaction((tx) => tx.updateTarget(id, changes, options));
  }

  deleteTarget(id: string, check: VersionCheck = {}): Promise<void> {
    return this.transaction((tx) => tx.deleteTarget(id, check));
  }

  /** A drain ended on this node: the target becomes disabled for every node (if still draining). */
  async finishDrain(id: string): Promise<boolean> {
    try {
      return await this.transaction((tx) => tx.finishDrain(id));
    } catch (error) {
      if (error instanceof NothingToChange) return false;
      throw error;
    }
  }
}
