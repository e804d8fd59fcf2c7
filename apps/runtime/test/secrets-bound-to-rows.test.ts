import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { openDatabase } from '@headwater/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigRepository } from '../src/config/repository.ts';
import { startTestRuntime, TEST_SECRET_KEY, type TestRuntime, testSecrets } from './harness.ts';

// Sealed secrets, read from the raw rows: each is bound to its row and field, so whoever can
// write the database cannot move an API key into a target (or a proxy) of their choosing; every
// tag is a full 16 bytes; values sealed by the earlier format still open, and are sealed bound
// when the row is next written.

let hw: TestRuntime;
let db: Awaited<ReturnType<typeof openDatabase>>;
let repository: ConfigRepository;

beforeAll(async () => {
  hw = await startTestRuntime();
  db = await openDatabase(hw.databaseUrl);
  repository = new ConfigRepository(db, 'rows-test', testSecrets);
  for (const name of ['first', 'second']) {
    await hw.client.upstreams.create.mutate({
      name,
      proxy: { host: '127.0.0.1', port: 3128, username: 'ops', password: `proxy-password-of-${name}` },
      targets: [{ host: '127.0.0.1', port: 9000, headers: { authorization: `Bearer key-of-${name}` } }],
    });
  }
});
afterAll(async () => {
  await db.$disconnect();
  await hw.stop();
});

const rows = async () => {
  const upstreams = await db.upstream.findMany({ include: { targets: true }, orderBy: { name: 'asc' } });
  return { first: upstreams[0]!, second: upstreams[1]! };
};

/** A value as the first sealed format wrote it: no binding to a row. */
function sealedUnbound(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', createHash('sha256').update(TEST_SECRET_KEY).digest(), iv);
  const sealed = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `enc:v1:${iv.toString('base64url')}.${cipher.getAuthTag().toString('base64url')}.${sealed.toString('base64url')}`;
}

describe('sealed secrets in the rows', () => {
  it('are sealed bound to their row, with a 16-byte tag', async () => {
    const { first } = await rows();
    for (const sealed of [first.proxyPassword!, first.targets[0]!.headers]) {
      expect(sealed).toMatch(/^enc:v2:/);
      const tag = sealed.slice('enc:v2:'.length).split('.')[1]!;
      expect(Buffer.from(tag, 'base64url')).toHaveLength(16);
    }
  });

  it('do not open when copied into another row', async () => {
    const { first, second } = await rows();
    const target = second.targets[0]!;
    try {
      await db.target.update({ where: { id: target.id }, data: { headers: first.targets[0]!.headers } });
      await db.upstream.update({ where: { id: second.id }, data: { proxyPassword: first.proxyPassword } });
      await expect(repository.getTarget(target.id)).rejects.toThrow(`cannot decrypt a stored secret (target:${target.id}:headers)`);
      await expect(repository.getUpstream('second')).rejects.toThrow(/cannot decrypt a stored secret \(/);
      await expect(hw.client.upstreams.get.query({ name: 'second' })).rejects.toThrow(
        'the admin API failed to handle this request; the details are in the runtime log',
      );
    } finally {
      await db.target.update({ where: { id: target.id }, data: { headers: target.headers } });
      await db.upstream.update({ where: { id: second.id }, data: { proxyPassword: second.proxyPassword } });
    }
    expect((await repository.getUpstream('second')).proxy?.password).toBe('proxy-password-of-second');
  });

  it('sealed by the earlier format still open, and are sealed bound when the row is next written', async () => {
    const { first } = await rows();
    const target = first.targets[0]!;
    await db.target.update({ where: { id: target.id }, data: { headers: sealedUnbound('{"authorization":"Bearer legacy-key"}') } });
    await db.upstream.update({ where: { id: first.id }, data: { proxyPassword: sealedUnbound('legacy-proxy-password') } });
    expect((await repository.getTarget(target.id)).headers).toEqual({ authorization: 'Bearer legacy-key' });
    expect((await repository.getUpstream('first')).proxy?.password).toBe('legacy-proxy-password');

    await hw.client.targets.update.mutate({ id: target.id, changes: { weight: 5 } });
    await hw.client.upstreams.update.mutate({ name: 'first', changes: { retries: 1 } });
    const rewritten = (await rows()).first;
    expect(rewritten.targets[0]!.headers).toMatch(/^enc:v2:/);
    expect(rewritten.proxyPassword).toMatch(/^enc:v2:/);
    expect((await repository.getTarget(target.id)).headers).toEqual({ authorization: 'Bearer legacy-key' });
    expect((await repository.getUpstream('first')).proxy?.password).toBe('legacy-proxy-password');
  });

  it('leave out a header stored before the rules refused it, rather than make the config unreadable', async () => {
    const target = (await rows()).second.targets[0]!;
    const legacy = JSON.stringify({ connection: 'close', 'x-split': 'a\r\nb', authorization: 'Bearer key-of-second' });
    await db.target.update({ where: { id: target.id }, data: { headers: testSecrets.seal(legacy, `target:${target.id}:headers`) } });
    expect((await repository.getTarget(target.id)).headers).toEqual({ authorization: 'Bearer key-of-second' });
  });
});
