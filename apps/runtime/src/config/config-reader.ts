import { HeadwaterError, errorCodes } from '@headwater/core';
import type { Database } from '@headwater/prisma';
import type { TargetRecord, UpstreamRecord } from './records.ts';
import { targetFromRow, upstreamFromRow } from './rows.ts';
import type { SecretBox } from './secret-box.ts';

/** The client of one open transaction: the same model API as the database's. */
export type Transaction = Parameters<Parameters<Database['$transaction']>[0]>[0];

const byTierThenAddress = (a: TargetRecord, b: TargetRecord) => a.priority - b.priority || a.host.localeCompare(b.host) || a.port - b.port;

/**
 * Reads the stored config as records (every default applied, secrets open), through the
 * database or through one open transaction, so a change can read what it is about to change
 * inside the transaction that changes it.
 */
export class ConfigReader {
  constructor(
    protected readonly client: Database | Transaction,
    protected readonly secrets: SecretBox,
  ) {}

  async version(): Promise<number> {
    const row = await this.client.configVersion.findUnique({ where: { id: 1 } });
    return row?.version ?? 0;
  }

  async listUpstreams(): Promise<UpstreamRecord[]> {
    const rows = await this.client.upstream.findMany({ include: { targets: true }, orderBy: { name: 'asc' } });
    return rows.map((row) =>
      upstreamFromRow(row, row.targets.map((target) => targetFromRow(target, this.secrets)).sort(byTierThenAddress), this.secrets),
    );
  }

  async getUpstream(name: string): Promise<UpstreamRecord> {
    return this.readUpstream({ name }, `no upstream named "${name}"`);
  }

  /** The upstream with this id (a target's `upstreamId`): its name may have changed since. */
  async getUpstreamById(id: string): Promise<UpstreamRecord> {
    return this.readUpstream({ id }, `no upstream with id "${id}"`);
  }

  private async readUpstream(where: { name: string } | { id: string }, missing: string): Promise<UpstreamRecord> {
    const row = await this.client.upstream.findUnique({ where, include: { targets: true } });
    if (!row) throw new HeadwaterError(errorCodes.UNKNOWN_UPSTREAM, missing);
    return upstreamFromRow(
      row,
      row.targets.map((target) => targetFromRow(target, this.secrets)),
      this.secrets,
    );
  }

  async getTarget(id: string): Promise<TargetRecord> {
    const row = await this.client.target.findUnique({ where: { id } });
    if (!row) throw new HeadwaterError(errorCodes.UNKNOWN_TARGET, `no target with id "${id}"`);
    return targetFromRow(row, this.secrets);
  }
}
