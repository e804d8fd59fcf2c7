import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bearerChecker } from '../src/admin/auth.ts';
import { startRuntime } from '../src/app.ts';
import { readEnv } from '../src/env.ts';
import type { Logger } from '../src/lib/logger.ts';

// Without HEADWATER_ADMIN_TOKEN and HEADWATER_SECRET_KEY, the runtime keeps both in its data
// folder. A file that is there must hold a usable value: an empty admin-token file once let
// `Bearer <no-break space>` in, and an empty secret-key file sealed every secret with a key
// anybody knows. Such a start stops, naming the file and the variable; a missing file is
// generated, once.

const silent: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A runtime whose token and key come from its data folder, as on a first install. */
function startFromDataFolder(files: { 'admin-token'?: string; 'secret-key'?: string }) {
  dir = mkdtempSync(join(tmpdir(), 'headwater-files-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content, { mode: 0o600 });
  const env = readEnv({
    DATABASE_URL: `file:${join(dir, 'headwater.db')}`,
    HEADWATER_DATA_PORT: '0',
    HEADWATER_ADMIN_PORT: '0',
    HEADWATER_BIND: '127.0.0.1',
    HEADWATER_DATA_DIR: dir,
    HEADWATER_SHUTDOWN_DELAY_MS: '0',
    HEADWATER_ACCESS_LOG: 'off',
  });
  return startRuntime(env, silent, { variables: {} });
}

describe('the admin-token file', () => {
  it.each([
    ['empty', '', 'holds no admin token'],
    ['only whitespace', ' \n', 'holds no admin token'],
    ['shorter than 16 characters', 'short-token\n', 'holds an admin token shorter than 16 characters'],
  ])('stops the start when it is %s, naming the file and the variable', async (_, content, why) => {
    const starting = startFromDataFolder({ 'admin-token': content });
    await expect(starting).rejects.toThrow(`${join(dir, 'admin-token')} ${why}`);
    await expect(starting).rejects.toThrow(/HEADWATER_ADMIN_TOKEN/);
    expect(readFileSync(join(dir, 'admin-token'), 'utf8')).toBe(content); // left for the operator to look at
  });

  it('is generated when missing, and then is the only token that opens the admin API', async () => {
    const runtime = await startFromDataFolder({});
    try {
      const token = readFileSync(join(dir, 'admin-token'), 'utf8').trim();
      expect(runtime.adminToken).toEqual({ token, source: 'generated', file: join(dir, 'admin-token') });
      const status = async (authorization: string) =>
        (await fetch(`http://127.0.0.1:${runtime.adminPort}/trpc/upstreams.list`, { headers: { authorization } })).status;
      expect(await status(`Bearer ${token}`)).toBe(200);
      expect(await status('Bearer \u00a0')).toBe(401);
    } finally {
      await runtime.shutdown();
    }
  });
});

describe('the secret-key file', () => {
  it.each([
    ['empty', '', 'holds no key'],
    ['shorter than 32 characters', 'a-short-key\n', 'holds a key shorter than 32 characters'],
  ])('stops the start when it is %s, naming the file and the variable', async (_, content, why) => {
    const starting = startFromDataFolder({ 'admin-token': 'a-token-from-the-file-0123456789\n', 'secret-key': content });
    await expect(starting).rejects.toThrow(`${join(dir, 'secret-key')} ${why}`);
    await expect(starting).rejects.toThrow(/HEADWATER_SECRET_KEY/);
  });
});

describe('the bearer check', () => {
  it('cannot be built for an empty or short token, so an empty credential can never match one', () => {
    expect(() => bearerChecker('')).toThrow('the admin token must be at least 16 characters');
    expect(() => bearerChecker('fifteen-chars!!')).toThrow('the admin token must be at least 16 characters');
    expect(() => bearerChecker('sixteen-chars!!!')).not.toThrow();
  });
});
