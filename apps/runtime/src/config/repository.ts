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
    private readonly options: { readonly notifyChanges?: boolean } = {},
  ) {
    super(db, secrets);
  }

  /** The config version this node's last write made (noted before its commit, forgotten if the commit failed). */
  private ownVersion: number | undefined;

  /** Runs `work` in one database transaction: everything it writes is stored, or nothing is. */
  async transaction<T>(work: (transaction: ConfigTransaction) => Promise<T>): Promise<T> {
    let made: number | undefined;
    try {
      return await this.db.$transaction(
        async (tx) => {
          const transaction = new ConfigTransaction(tx, this.secrets, this.node, this.options.notifyChanges);
          const result = await work(transaction);
          made = transaction.newVersion;
          // Noted before the commit, because the commit's notification can arrive before the commit's own answer.
          if (made !== undefined) this.ownVersion = made;
          return result;
        },
        { timeout: TRANSACTION_TIMEOUT_MS },
      );
    } catch (error) {
      if (made !== undefined && this.ownVersion === made) this.ownVersion = undefined;
      throw error;
    }
  }

  /**
   * Whether `version` is the one this node's own last write made. Its writer reloads right after
   * the write, so that write's notification coming back to this node needs no reload of its own.
   */
  madeVersion(version: number): boolean {
    return this.ownVersion === version;
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
