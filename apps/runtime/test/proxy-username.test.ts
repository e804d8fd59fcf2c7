import { openDatabase } from '@headwater/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { ConfigRepository } from '../src/config/repository.ts';
import { call, rejection, startTestRuntime, type TestRuntime, testSecrets } from './harness.ts';
import { dumpConfig } from './support/config-dump.ts';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.ts';

// A proxy's username can be cleared, and the password goes with it: Basic auth without a
// username is meaningless, and a stored password nobody can see must not linger.

const PROXY_PASSWORD = 'proxy-pw-clear-0123456789';

let hw: TestRuntime;
let backend: FakeBackend;
let proxy: ForwardProxy;
let db: Awaited<ReturnType<typeof openDatabase>>;
let repository: ConfigRepository;

beforeAll(async () => {
  [hw, backend, proxy] = await Promise.all([
    startTestRuntime(),
    startFakeBackend({ name: 'behind-proxy' }),
    startForwardProxy({ username: 'ops', password: PROXY_PASSWORD }),
  ]);
  db = await openDatabase(hw.databaseUrl);
  repository = new ConfigRepository(db, 'proxy-username-test', testSecrets);
});
afterAll(async () => {
  await db.$disconnect();
  await Promise.all([hw.stop(), backend.close(), proxy.close()]);
});

async function createAuthed(name: string) {
  await hw.client.upstreams.create.mutate({
    name,
    slowStartMs: 0,
    proxy: { host: '127.0.0.1', port: proxy.port, username: 'ops', password: PROXY_PASSWORD },
    targets: [{ host: '127.0.0.1', port: backend.port }],
  });
}

describe('clearing a proxy username', () => {
  it('removes the username and the password, names the password dropped, and the proxy hears no credentials again', async () => {
    await createAuthed('cleared');
    expect((await call(hw.dataUrl, 'cleared')).status).toBe(200);
    expect(proxy.log.at(-1)).toMatchObject({ status: 200, user: 'ops' });

    const answer = await hw.client.upstreams.update.mutate({ name: 'cleared', changes: { proxy: { username: null } } });
    expect(answer.proxy).toEqual({ host: '127.0.0.1', port: proxy.port });
    expect(answer.droppedSecrets).toEqual(['proxy.password']);
    expect((await repository.getUpstream('cleared')).proxy).toEqual({ host: '127.0.0.1', port: proxy.port }); // the stored secret is gone
    expect((await hw.client.upstreams.get.query({ name: 'cleared' })).proxy).toEqual({ host: '127.0.0.1', port: proxy.port });

    // The same proxy now sees a CONNECT without credentials (this one asks for them, so it refuses).
    expect((await call(hw.dataUrl, 'cleared')).status).toBe(502);
    expect(proxy.log.at(-1)).toEqual({ method: 'CONNECT', target: `127.0.0.1:${backend.port}`, status: 407 });
  });

  it('takes a masked password sent back beside it (a form round-trip) and drops it all the same', async () => {
    await createAuthed('form-round-trip');
    const { proxy: shown } = await hw.client.upstreams.get.query({ name: 'form-round-trip' });
    const answer = await hw.client.upstreams.update.mutate({
      name: 'form-round-trip',
      changes: { proxy: { ...shown!, username: null } },
    });
    expect(answer.proxy).toEqual({ host: '127.0.0.1', port: proxy.port });
    expect(answer.droppedSecrets).toEqual(['proxy.password']);
  });

  it('drops nothing when no password was stored', async () => {
    await hw.client.upstreams.create.mutate({ name: 'user-only', proxy: { host: '127.0.0.1', port: proxy.port, username: 'ops' } });
    const answer = await hw.client.upstreams.update.mutate({ name: 'user-only', changes: { proxy: { username: null } } });
    expect(answer).toMatchObject({ proxy: { host: '127.0.0.1', port: proxy.port }, droppedSecrets: [] });
  });

  it('refuses a new password given while clearing the username, naming the field, and stores nothing', async () => {
    await createAuthed('contradiction');
    const before = await dumpConfig(db);
    const error = await rejection(
      hw.client.upstreams.update.mutate({ name: 'contradiction', changes: { proxy: { username: null, password: 'another-password' } } }),
    );
    expect(error.data).toMatchObject({
      code: 'BAD_REQUEST',
      headwaterCode: 'invalid_config',
      issues: [{ path: 'changes.proxy.password', message: 'cannot be set while the username is cleared (Basic auth needs both)' }],
    });
    expect(await dumpConfig(db)).toBe(before);
  });

  it('still refuses to clear a username where there is no proxy, naming the missing fields', async () => {
    await hw.client.upstreams.create.mutate({ name: 'direct' });
    const error = await rejection(hw.client.upstreams.update.mutate({ name: 'direct', changes: { proxy: { username: null } } }));
    expect(error.data?.issues.map((issue) => issue.path)).toEqual(['changes.proxy.host', 'changes.proxy.port']);
  });
});
