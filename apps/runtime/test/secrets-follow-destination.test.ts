import { openDatabase } from '@headwater/prisma';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { ConfigRepository } from '../src/config/repository.ts';
import { call, resetGateway, startTestRuntime, type TestRuntime, testSecrets } from './harness.ts';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.ts';

// A stored secret goes only where it was given for. Moving a target (host, port, protocol, TLS
// settings) or an upstream's proxy (host, port) keeps the secrets that would travel to the new
// place only when the same change gives them again; the others are dropped, and the answer says
// which. Observed where the secrets would arrive: the backend's echo, the proxy's own log.

const API_KEY = 'Bearer sk-for-backend-a-0123456789';
const NEW_KEY = 'Bearer sk-for-backend-b-9876543210';
const PROXY_PASSWORD = 'proxy-pw-for-proxy-a-5f1e2d';

let hw: TestRuntime;
let a: FakeBackend;
let b: FakeBackend;
let proxyA: ForwardProxy;
let proxyB: ForwardProxy;
let db: Awaited<ReturnType<typeof openDatabase>>;
let repository: ConfigRepository;

beforeAll(async () => {
  [hw, a, b, proxyA, proxyB] = await Promise.all([
    startTestRuntime(),
    startFakeBackend({ name: 'a' }),
    startFakeBackend({ name: 'b' }),
    startForwardProxy({ username: 'ops', password: PROXY_PASSWORD }),
    startForwardProxy({ username: 'ops', password: PROXY_PASSWORD }),
  ]);
  db = await openDatabase(hw.databaseUrl);
  repository = new ConfigRepository(db, 'destination-test', testSecrets); // the real stored secrets
});
afterEach(() => resetGateway(hw));
afterAll(async () => {
  await db.$disconnect();
  await Promise.all([hw.stop(), a.close(), b.close(), proxyA.close(), proxyB.close()]);
});

/** The authorization header the serving backend received, and which backend it was. */
async function received(upstream: string) {
  const response = await call(hw.dataUrl, upstream);
  expect(response.status).toBe(200);
  const body = JSON.parse(response.text) as { backend: string; echo: { headers: Record<string, string> } };
  return { backend: body.backend, authorization: body.echo.headers.authorization };
}

async function keyedTarget(extra: Record<string, unknown> = {}) {
  const upstream = await hw.client.upstreams.create.mutate({
    name: 'keyed',
    targets: [{ host: '127.0.0.1', port: a.port, headers: { authorization: API_KEY }, ...extra }],
  });
  return upstream.targets[0]!;
}

describe('targets.update', () => {
  it('drops the injected headers when the target moves and the change does not give them again', async () => {
    const target = await keyedTarget();
    expect(await received('keyed')).toEqual({ backend: 'a', authorization: API_KEY });
    const moved = await hw.client.targets.update.mutate({ id: target.id, changes: { port: b.port } });
    expect(moved.droppedSecrets).toEqual(['headers.authorization']);
    expect(moved.headers).toEqual({});
    expect(await received('keyed')).toEqual({ backend: 'b', authorization: undefined });
  });

  it('keeps the headers the same change gives with their values, and drops a masked one', async () => {
    const target = await keyedTarget();
    const masked = await hw.client.targets.update.mutate({ id: target.id, changes: { port: b.port, headers: target.headers } });
    expect(masked.droppedSecrets).toEqual(['headers.authorization']);
    const given = await hw.client.targets.update.mutate({ id: masked.id, changes: { port: a.port, headers: { authorization: NEW_KEY } } });
    expect(given.droppedSecrets).toEqual([]);
    expect(await received('keyed')).toEqual({ backend: 'a', authorization: NEW_KEY });
  });

  it.each([
    ['protocol', { protocol: 'http' }, { protocol: 'https' }],
    ['tlsVerify', { protocol: 'https' }, { tlsVerify: false }],
    ['caCert', { protocol: 'https' }, { caCert: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' }],
  ] as const)('treats a change of %s as a move', async (_, initial, change) => {
    const target = await keyedTarget(initial);
    const moved = await hw.client.targets.update.mutate({ id: target.id, changes: change });
    expect(moved.droppedSecrets).toEqual(['headers.authorization']);
    expect((await repository.getTarget(moved.id)).headers).toEqual({});
  });

  it('keeps the headers through an edit that does not move the target', async () => {
    const target = await keyedTarget();
    const edited = await hw.client.targets.update.mutate({ id: target.id, changes: { weight: 7, priority: 1 } });
    expect(edited).toMatchObject({ id: target.id, droppedSecrets: [] });
    expect(await received('keyed')).toEqual({ backend: 'a', authorization: API_KEY });
  });

  it('refuses a masked header with nothing stored to keep, naming the field', async () => {
    const target = await keyedTarget();
    await expect(hw.client.targets.update.mutate({ id: target.id, changes: { headers: { 'x-new': '••••6789' } } })).rejects.toThrow(
      'changes.headers.x-new: is masked: give the value',
    );
  });
});

describe('upstreams.update with a proxy that moves', () => {
  async function proxied() {
    return hw.client.upstreams.create.mutate({
      name: 'proxied',
      proxy: { host: '127.0.0.1', port: proxyA.port, username: 'ops', password: PROXY_PASSWORD },
      targets: [
        { host: '127.0.0.1', port: a.port, headers: { authorization: API_KEY } },
        // Out of the rotation (weight 0): only its stored headers matter here.
        { host: 'tls.internal', port: 443, protocol: 'https', weight: 0, headers: { authorization: NEW_KEY } },
      ],
    });
  }

  it('drops the proxy password and the headers the new proxy could read, makes every target new, and says so', async () => {
    const before = await proxied();
    expect(await received('proxied')).toMatchObject({ authorization: API_KEY });
    const moved = await hw.client.upstreams.update.mutate({
      name: 'proxied',
      changes: { proxy: { host: '127.0.0.1', port: proxyB.port } },
    });
    expect(moved.droppedSecrets).toEqual(['proxy.password', `targets.127.0.0.1:${a.port}.headers.authorization`]);
    expect(moved.targets.map((t) => t.id).some((id) => before.targets.some((t) => t.id === id))).toBe(false);
    const stored = await repository.getUpstream('proxied');
    expect(stored.proxy).toEqual({ host: '127.0.0.1', port: proxyB.port, username: 'ops' });
    // Plain HTTP through the new proxy: readable there, so dropped. Verified TLS: the proxy sees only ciphertext, so kept.
    expect(stored.targets.map((t) => [t.port, t.headers])).toEqual([
      [a.port, {}],
      [443, { authorization: NEW_KEY }],
    ]);
    // The new proxy was never sent the old password.
    const seenBefore = proxyB.log.length;
    await call(hw.dataUrl, 'proxied');
    expect(proxyB.log.slice(seenBefore).map((entry) => [entry.status, entry.user])).toContainEqual([407, undefined]);
    expect(proxyB.log.some((entry) => entry.user === 'ops')).toBe(false);
  });

  it('keeps the proxy password given again in the same change', async () => {
    await proxied();
    const moved = await hw.client.upstreams.update.mutate({
      name: 'proxied',
      changes: { proxy: { host: '127.0.0.1', port: proxyB.port, password: PROXY_PASSWORD } },
    });
    expect(moved.droppedSecrets).toEqual([`targets.127.0.0.1:${a.port}.headers.authorization`]);
    expect(await received('proxied')).toEqual({ backend: 'a', authorization: undefined });
    expect(proxyB.log.at(-1)).toMatchObject({ status: 200, user: 'ops' });
  });

  it('keeps every secret when the proxy is removed (nothing new sees them) or only its username changes, and ids only then', async () => {
    const created = await proxied();
    const renamed = await hw.client.upstreams.update.mutate({
      name: 'proxied',
      changes: { proxy: { host: '127.0.0.1', port: proxyA.port, username: 'operator' } },
    });
    expect(renamed.droppedSecrets).toEqual([]);
    expect(renamed.targets.map((t) => t.id)).toEqual(created.targets.map((t) => t.id));
    expect((await repository.getUpstream('proxied')).proxy?.password).toBe(PROXY_PASSWORD);
    const direct = await hw.client.upstreams.update.mutate({ name: 'proxied', changes: { proxy: null } });
    expect(direct.droppedSecrets).toEqual([]);
    expect(direct.targets.map((t) => t.id).some((id) => created.targets.some((t) => t.id === id))).toBe(false);
    expect(await received('proxied')).toEqual({ backend: 'a', authorization: API_KEY });
  });
});

describe('config.import', () => {
  it('refuses a masked secret whose destination moved, naming the field, and stores nothing', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'imported',
      proxy: { host: '127.0.0.1', port: proxyA.port, username: 'ops', password: PROXY_PASSWORD },
      targets: [{ host: '127.0.0.1', port: a.port, headers: { authorization: API_KEY } }],
    });
    const { yaml } = await hw.client.config.export.query();
    const before = await repository.listUpstreams();
    await expect(hw.client.config.import.mutate({ yaml: yaml.replace('protocol: http', 'protocol: https') })).rejects.toThrow(
      "upstreams.0.targets.0.headers.authorization: is masked, but the target's protocol changed: give the value",
    );
    const moved = yaml.replace(`port: ${proxyA.port}`, `port: ${proxyB.port}`);
    await expect(hw.client.config.import.mutate({ yaml: moved })).rejects.toThrow(
      `upstreams.0.proxy.password: is masked, but the proxy moved to 127.0.0.1:${proxyB.port}: give the value; ` +
        `upstreams.0.targets.0.headers.authorization: is masked, but the upstream's proxy moved to 127.0.0.1:${proxyB.port}: give the value`,
    );
    expect(await repository.listUpstreams()).toEqual(before);
  });

  it('moves a proxy with the secrets given again: new targets, every secret stored as the text gives it', async () => {
    const created = await hw.client.upstreams.create.mutate({
      name: 'imported',
      proxy: { host: '127.0.0.1', port: proxyA.port, username: 'ops', password: PROXY_PASSWORD },
      targets: [{ host: '127.0.0.1', port: a.port, headers: { authorization: API_KEY } }],
    });
    const { yaml } = await hw.client.config.export.query();
    const given = yaml
      .replace(`port: ${proxyA.port}`, `port: ${proxyB.port}`)
      .replace(/password: .*/, `password: "${PROXY_PASSWORD}"`)
      .replace(/authorization: .*/, `authorization: "${NEW_KEY}"`);
    const summary = await hw.client.config.import.mutate({ yaml: given });
    expect(summary).toEqual({
      created: [],
      updated: ['imported'],
      unchanged: [],
      changes: [expect.objectContaining({ upstream: 'imported', kind: 'updated' })],
    });
    expect(summary.changes[0]!.fields.map((field) => field.path)).toContain('proxy.port');
    for (const secret of [PROXY_PASSWORD, NEW_KEY]) expect(JSON.stringify(summary)).not.toContain(secret);
    const stored = await repository.getUpstream('imported');
    expect(stored.proxy).toEqual({ host: '127.0.0.1', port: proxyB.port, username: 'ops', password: PROXY_PASSWORD });
    expect(stored.targets).toMatchObject([{ port: a.port, headers: { authorization: NEW_KEY } }]);
    expect(stored.targets[0]!.id).not.toBe(created.targets[0]!.id);
    expect(await received('imported')).toEqual({ backend: 'a', authorization: NEW_KEY });
    expect(proxyB.log.at(-1)).toMatchObject({ status: 200, user: 'ops' });
  });
});
