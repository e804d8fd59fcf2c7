// Config changes pushed to every node through PostgreSQL LISTEN/NOTIFY. Every config write
// runs `notifyConfigChange` inside its transaction, so the notification is delivered at
// commit, and only if the transaction commits; each node holds one dedicated connection that
// LISTENs. Delivery is best effort (a node not listening at that moment misses it), so the
// runtime keeps its version poll as the safety net and checks the version after each (re)LISTEN.
import pg from 'pg';
import { type Database, POSTGRES_POOL_TIMEOUTS } from './open-database.ts';

/** The channel every node LISTENs on; the payload is the config version the write made. */
export const CONFIG_CHANNEL = 'headwater_config';

/** Inside a config write's transaction on PostgreSQL: tells every listening node, at commit, the version it made. */
export async function notifyConfigChange(tx: Pick<Database, '$executeRaw'>, version: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${CONFIG_CHANNEL}, ${String(version)})`;
}

export interface ConfigChangeHandlers {
  /** A config write committed; `version` is what it made, or null for a payload that is not a version. */
  notified(version: number | null): void;
  /**
   * LISTEN is in place: at first, and again after each reconnect (`reconnected`). What was
   * written while the node was not listening was never told to it, so the caller checks now.
   */
  listening(context: { reconnected: boolean }): void;
  /** Connecting or listening failed, or the connection broke; the next try is in `retryInMs`. */
  failed(error: unknown, context: { retryInMs: number }): void;
}

export interface ConfigChangeListener {
  /** Stops listening and retrying; resolves once the connection is closed. */
  close(): Promise<void>;
}

export interface ListenOptions {
  /** The wait before the first retry after a failure; doubled on each failed retry. */
  readonly firstRetryMs?: number;
  /** The longest wait between two retries. */
  readonly maxRetryMs?: number;
}

const parseVersion = (payload: string | undefined): number | null => (payload && /^\d{1,15}$/.test(payload) ? Number(payload) : null);

/**
 * Keeps one connection LISTENing on `CONFIG_CHANNEL` until closed: after an error it
 * reconnects with exponential backoff (`firstRetryMs` doubling up to `maxRetryMs`; back to the
 * first once LISTEN works again). Returns at once; `handlers.listening` says when it listens.
 */
export function listenForConfigChanges(url: string, handlers: ConfigChangeHandlers, options: ListenOptions = {}): ConfigChangeListener {
  const firstRetryMs = options.firstRetryMs ?? 250;
  const maxRetryMs = options.maxRetryMs ?? 2_000;
  let closed = false;
  let client: pg.Client | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let retryMs = firstRetryMs;
  let listenedBefore = false;

  const connect = async (): Promise<void> => {
    const { connectionTimeoutMillis, query_timeout, keepAlive, keepAliveInitialDelayMillis } = POSTGRES_POOL_TIMEOUTS;
    const current = new pg.Client({
      connectionString: url,
      connectionTimeoutMillis,
      query_timeout,
      keepAlive,
      keepAliveInitialDelayMillis,
    });
    client = current;
    let broken = false;
    const broke = (error: unknown) => {
      if (broken || closed) return;
      broken = true;
      current.end().catch(() => undefined);
      handlers.failed(error, { retryInMs: retryMs });
      retryTimer = setTimeout(() => void connect(), retryMs);
      retryTimer.unref();
      retryMs = Math.min(retryMs * 2, maxRetryMs);
    };
    current.on('error', broke);
    current.on('end', () => broke(new Error('the config notification connection closed')));
    current.on('notification', ({ channel, payload }) => {
      if (channel === CONFIG_CHANNEL && !broken) handlers.notified(parseVersion(payload));
    });
    try {
      await current.connect();
      await current.query(`LISTEN ${CONFIG_CHANNEL}`);
    } catch (error) {
      broke(error);
      return;
    }
    if (closed || broken) return;
    retryMs = firstRetryMs;
    handlers.listening({ reconnected: listenedBefore });
    listenedBefore = true;
  };

  void connect();
  return {
    async close() {
      closed = true;
      clearTimeout(retryTimer);
      await client?.end().catch(() => undefined);
    },
  };
}
