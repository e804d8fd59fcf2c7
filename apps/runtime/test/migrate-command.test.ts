import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { openDatabase } from '@headwater/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closedPort } from './support/closed-port.ts';
import { nodeCommand } from './support/node-command.ts';
import { buildRuntime } from './support/node-process.ts';

// The compiled runtime migrates its database in a child process of itself (`main.js migrate`),
// so the schema engine never stays in a serving node's memory. Both ends, as real processes.

const run = promisify(execFile);
let dir: string;

beforeAll(() => {
  buildRuntime();
  dir = mkdtempSync(path.join(tmpdir(), 'headwater-migrate-'));
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The compiled runtime's command for this database, with ports nothing listens on. */
async function command(databaseUrl: string) {
  return nodeCommand({
    id: 'migrate-test',
    dataPort: await closedPort(),
    adminPort: await closedPort(),
    databaseUrl,
    dataDir: dir,
    adminToken: 'migrate-test-admin-token-0123456789',
    secretKey: 'a'.repeat(64),
  });
}

describe('`node dist/main.js migrate`', () => {
  it('creates and migrates a new SQLite database, prints nothing, and exits 0', async () => {
    const url = `file:${path.join(dir, 'fresh', 'headwater.db')}`;
    const { command: node, argv, env } = await command(url);
    const { stdout, stderr } = await run(node, [...argv, 'migrate'], { env });
    expect({ stdout, stderr }).toEqual({ stdout: '', stderr: '' });
    const db = await openDatabase(url);
    try {
      expect(await db.upstream.count()).toBe(0); // the tables exist
    } finally {
      await db.$disconnect();
    }
  });

  it('exits 1 with the reason alone on stderr when the database cannot be reached', async () => {
    const url = `postgresql://headwater@127.0.0.1:${await closedPort()}/headwater`;
    const { command: node, argv, env } = await command(url);
    const failed = await run(node, [...argv, 'migrate'], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toMatch(/^Migrating the postgresql database failed: .+\n$/);
  });
});

describe('a node whose migration fails at start', () => {
  it('logs why (the child’s message) and exits 1 without listening', async () => {
    const url = `postgresql://headwater@127.0.0.1:${await closedPort()}/headwater`;
    const { command: node, argv, env } = await command(url);
    const failed = await run(node, argv, { env }).catch((error: { code: number; stdout: string }) => error);
    expect(failed).toMatchObject({ code: 1 });
    const lines = (failed as { stdout: string }).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.at(-1)).toMatchObject({
      msg: 'runtime failed to start',
      error: expect.stringMatching(/^Migrating the postgresql database failed: /),
    });
  });
});
