// Config notifications on a real PostgreSQL: NOTIFY from a config write's transaction reaches a
// listener at commit and never on rollback, and a listener whose connection is cut reconnects.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIG_CHANNEL, type ConfigChangeListener, listenForConfigChanges, notifyConfigChange } from '../src/config-notifications.ts';
import { type Database, openDatabase } from '../src/index.ts';
import { type TestDatabase, testDatabase } from './support/postgres.ts';

/** What the listener told, in order. */
type Heard = Array<['notified', number | null] | ['listening', boolean] | ['failed', number]>;

let database: TestDatabase;
let db: Database;
let listener: ConfigChangeListener;
const heard: Heard = [];

/** Resolves once `heard` has an entry matching `predicate`. */
function heardWhen(predicate: (entry: Heard[number]) => boolean, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => reject(new Error(`timed out waiting for ${what}; heard ${JSON.stringify(heard)}`)), 10_000);
    const look = () => {
      if (heard.some(predicate)) {
        clearTimeout(deadline);
        resolve();
      } else setTimeout(look, 5);
    };
    look();
  });
}

async function onDatabase(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  database = await testDatabase();
  db = await openDatabase(database.url);
  listener = listenForConfigChanges(
    database.url,
    {
      notified: (version) => heard.push(['notified', version]),
      listening: ({ reconnected }) => heard.push(['listening', reconnected]),
      failed: (_error, { retryInMs }) => heard.push(['failed', retryInMs]),
    },
    { firstRetryMs: 50, maxRetryMs: 200 },
  );
  await heardWhen(([kind]) => kind === 'listening', 'the first LISTEN');
});
afterAll(async () => {
  await listener?.close();
  await db?.$disconnect();
  await database?.drop();
});

describe('config notifications', () => {
  it('arrive when the writing transaction commits, never when it rolls back', async () => {
    await db
      .$transaction(async (tx) => {
        await notifyConfigChange(tx, 41);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    await db.$transaction(async (tx) => {
      await notifyConfigChange(tx, 42);
      await onDatabase('SELECT 1'); // a round trip on another connection: still nothing, NOTIFY waits for the commit
      expect(heard.filter(([kind]) => kind === 'notified')).toEqual([]);
    });
    await heardWhen(([kind, value]) => kind === 'notified' && value === 42, 'version 42');
    await onDatabase(`SELECT pg_notify('${CONFIG_CHANNEL}', 'not-a-version')`);
    await heardWhen(([kind, value]) => kind === 'notified' && value === null, 'the odd payload');
    expect(heard.filter(([kind]) => kind === 'notified')).toEqual([
      ['notified', 42],
      ['notified', null],
    ]);
  });

  it('reconnects with backoff when its connection is cut, and hears the next change', async () => {
    heard.length = 0;
    await onDatabase(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND query = 'LISTEN ${CONFIG_CHANNEL}'`,
    );
    await heardWhen(([kind, value]) => kind === 'listening' && value === true, 'the reconnect');
    expect(heard[0]).toEqual(['failed', 50]); // the first retry waits firstRetryMs
    await db.$transaction((tx) => notifyConfigChange(tx, 43));
    await heardWhen(([kind, value]) => kind === 'notified' && value === 43, 'version 43 after the reconnect');
  });
});
