import type { Transaction } from './config-reader.ts';
import type { UpstreamRecord } from './records.ts';
import { type VersionCheck, VersionConflict } from './version-conflict.ts';

/**
 * The upstreams one transaction changes, each claimed by its first write: the version the
 * caller expected is checked and the stored version bumped in one conditional UPDATE, before
 * anything of the change is read or written. On PostgreSQL that UPDATE takes the upstream's
 * row lock, so a second writer waits for the first to commit and then finds the version moved
 * (READ COMMITTED re-checks the condition on the new row); SQLite runs one transaction at a
 * time. Every write claims its upstream, with or without an expected version, so writes to
 * one upstream never interleave, and each commit moves its version by exactly one.
 */
export class UpstreamClaims {
  private readonly claimed = new Set<string>();

  constructor(
    private readonly tx: Transaction,
    /** The upstream as stored now, for the conflict; throws UNKNOWN_UPSTREAM when it is gone. */
    private readonly currentOf: (id: string) => Promise<UpstreamRecord>,
  ) {}

  /** An upstream this transaction created: it starts at version 1, and its targets' inserts do not move it. */
  created(id: string): void {
    this.claimed.add(id);
  }

  /** Checks (when asked) and bumps the upstream's version, once per transaction; the expected version is checked at the first claim. */
  async claim(upstreamId: string, check: VersionCheck = {}): Promise<void> {
    if (this.claimed.has(upstreamId)) return;
    const { expectedVersion } = check;
    const { count } = await this.tx.upstream.updateMany({
      where: expectedVersion === undefined ? { id: upstreamId } : { id: upstreamId, version: expectedVersion },
      data: { version: { increment: 1 } },
    });
    if (count === 0) {
      const current = await this.currentOf(upstreamId);
      // Only an expected version can leave a stored upstream unclaimed.
      throw new VersionConflict(current, expectedVersion ?? current.version);
    }
    this.claimed.add(upstreamId);
  }
}
