import type { Clock } from '@headwater/core';

/** Whether this node's last calls to the config database worked. */
export type DatabaseState = 'ok' | 'unreachable';

/** What `runtime.status` and `/readyz` say about the database, from memory. */
export interface DatabaseStatusView {
  status: DatabaseState;
  /** Epoch ms of the first failure of the current outage; null while the database answers. */
  since: number | null;
  /** One line for an operator, e.g. "database unreachable since 19:42:03 UTC: serving config version 12; admin writes are refused". */
  detail: string;
}

/** HH:MM:SS of an epoch ms, UTC (the log's timestamps are UTC too). */
const timeOfDay = (at: number) => `${new Date(at).toISOString().slice(11, 19)} UTC`;

/**
 * This node's view of the config database, kept from what its own background calls saw: the
 * version poll, the heartbeat, the notification connection. The last word wins: a failure
 * starts an outage (its time kept until the outage ends), any success ends it. Read from
 * memory, so it answers while the database does not.
 */
export class DatabaseStatus {
  private unreachableSince: number | null = null;

  constructor(private readonly clock: Clock) {}

  /** A call to the database failed, or a connection to it broke. */
  failed(): void {
    this.unreachableSince ??= this.clock.now();
  }

  /** A call to the database worked. */
  answered(): void {
    this.unreachableSince = null;
  }

  view(servingVersion: number): DatabaseStatusView {
    const since = this.unreachableSince;
    if (since === null) return { status: 'ok', since, detail: `database reachable: serving config version ${servingVersion}` };
    return {
      status: 'unreachable',
      since,
      detail: `database unreachable since ${timeOfDay(since)}: serving config version ${servingVersion}; admin writes are refused`,
    };
  }
}
