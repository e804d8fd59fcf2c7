import { openDatabase } from '@headwater/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, startTestRuntime, type TestRuntime } from './harness.ts';

let hw: TestRuntime;
let backend: FakeBackend;
beforeAll(async () => {
  [hw, backend] = await Promise.all([startTestRuntime(), startFakeBackend({ name: 'keyed' })]);
});
afterAll(async () => {
  await Promise.all([hw.stop(), backend.close()]);
});

describe('secrets at rest', () => {
  it('stores proxy passwords and injected headers encrypted, and still injects the real value', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'sealed',
      targets: [{ host: '127.0.0.1', port: backend.port, headers: { authorization: 'Bearer sk-at-rest-0123456789' } }],
    });
    await hw.client.upstreams.create.mutate({
      name: 'with-proxy',
      proxy: { host: '127.0.0.1', port: 3128, username: 'ops', password: 'proxy-at-rest-0123456789' },
    });

    const db = await openDatabase(hw.databaseUrl);
    try {
      const raw = JSON.stringify([await db.upstream.findMany(), await db.target.findMany()]);
      expect(raw).not.toContain('sk-at-rest');
      expect(raw).not.toContain('proxy-at-rest');
      expect(raw).toContain('enc:v2:'); // bound to its row: see secrets-bound-to-rows.test.ts
    } finally {
      await db.$disconnect();
    }
    const response = await call(hw.dataUrl, 'sealed');
    expect(JSON.parse(response.text).echo.headers.authorization).toBe('Bearer sk-at-rest-0123456789');
  });

  it('refuses to start a node whose key is not the one that wrote the secrets, saying which variable', async () => {
    await expect(
      startTestRuntime({ databaseUrl: hw.databaseUrl, env: { HEADWATER_SECRET_KEY: 'a-different-key-0123456789abcdefghijkl' } }),
    ).rejects.toThrow(/HEADWATER_SECRET_KEY is not the key that wrote it/);
  });
});
