import { type ConfigChangeListener, listenForConfigChanges } from '@headwater/prisma';
import type { DatabaseStatus } from '../fleet/database-status.ts';
import { errorFields, type Logger } from '../lib/logger.ts';
import type { ConfigStore } from './config-store.ts';
import type { ConfigRepository } from './repository.ts';

export interface ConfigNotificationOptions {
  readonly config: ConfigStore;
  /** Which version this node's own last write made: its writer reloaded already. */
  readonly repository: Pick<ConfigRepository, 'madeVersion'>;
  /** Told when the notification connection breaks and when it listens again. */
  readonly database: DatabaseStatus;
  readonly log: Logger;
}

/**
 * PostgreSQL only: config written through any node reaches this one as soon as its transaction
 * commits. A notification of a version other than the one served (and not made by this node's
 * own last write, which its writer reloads), and every (re)LISTEN (what was written meanwhile
 * was never told), make the store check the stored version. A failed check is left to the
 * version poll, which goes on as the safety net and reports outages. A broken connection is
 * logged once per outage and retried with backoff.
 */
export function followConfigNotifications(url: string, options: ConfigNotificationOptions): ConfigChangeListener {
  const { config, repository, database, log } = options;
  let failedAttempts = 0;
  const check = () => {
    config.check().catch(() => undefined);
  };
  return listenForConfigChanges(url, {
    notified: (version) => {
      if (version === null || (version !== config.snapshot.version && !repository.madeVersion(version))) check();
    },
    listening: ({ reconnected }) => {
      database.answered();
      if (reconnected) log.info('config notifications resumed', { failedAttempts });
      failedAttempts = 0;
      check();
    },
    failed: (error, { retryInMs }) => {
      database.failed();
      if (failedAttempts++ === 0) {
        log.error('config notifications lost: reconnecting (the version poll still runs)', { ...errorFields(error), retryInMs });
      }
    },
  });
}
