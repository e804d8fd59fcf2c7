import type { TargetInput, TargetPatch, UpstreamInput, UpstreamPatch } from '@headwater/core';
import type { Database } from '@headwater/prisma';
import type { ChangeOptions } from './config-changes.ts';
import { ConfigReader } from './config-reader.ts';
import { ConfigTransaction, type TargetChange, type UpstreamChange } from './config-transaction.ts';
import type { TargetRecord, UpstreamRecord } from './records.ts';
import type { SecretBox } from './secret-box.ts';

export type { TargetChange, UpstreamChange } from './config-transaction.ts';

/**
 * How long one transaction may stay open. Prisma's default (5 s) is short for an import of
 * thousands of targets on a loaded machine; a transaction still open after this is rolled back.
 */
const TRANSACTION_TIMEOUT_MS = 60_000;

/**
 * The one place config is written. Each write is one transaction (`ConfigTransaction`): it
 * validates the whole resulting object with core's schemas first, so a rejected change stores
 * nothing; several writes that must land together (an import) share one through `transaction`.
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

  updateUpstream(name: string, changes: UpstreamPatch, options: ChangeOptions = {}): Promise<UpstreamChange> {
    return this.transaction((tx) => tx.updateUpstream(name, changes, options));
  }

  deleteUpstream(name: string): Promise<void> {
    return this.transaction((tx) => tx.deleteUpstream(name));
  }

  createTarget(upstreamName: string, input: TargetInput): Promise<TargetRecord> {
    return this.transaction((tx) => tx.createTarget(upstreamName, input));
  }

  updateTarget(id: string, changes: TargetPatch, options: ChangeOptions = {}): Promise<TargetChange> {
    return this.transaction((tx) => tx.updateTarget(id, changes, options));
  }

  deleteTarget(id: string): Promise<void> {
    return this.transaction((tx) => tx.deleteTarget(id));
  }

  /** A drain ended on this node: the target becomes disabled for every node (if still draining). */
  finishDrain(id: string): Promise<boolean> {
    return this.transaction((tx) => tx.finishDrain(id));
  }
}
