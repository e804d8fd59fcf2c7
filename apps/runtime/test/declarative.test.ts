import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyConfigFile } from '../src/config/declarative.ts';
import { ConfigRepository } from '../src/config/repository.ts';
import { startTestRuntime, type TestRuntime, testSecrets } from './harness.ts';
import { openDatabase } from '@headwater/prisma';

let hw: TestRuntime;
let repository: ConfigRepository;
const dir = mkdtempSync(join(tmpdir(), 'headwater-yaml-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

beforeAll(async () => {
  const databaseUrl = `file:${join(dir, 'config.db')}`;
  hw = await startTestRuntime({ databaseUrl });
  repository = new ConfigRepository(await openDatabase(databaseUrl), 'yaml-test', testSecrets);
});
afterAll(() => hw.stop());

const chatPool = (extra = '') => `
upstreams:
  - name: chat-pool
    retries: 1
    proxy: { host: 127.0.0.1, port: 3128, username: ops, password: "\${PROXY_PASSWORD}" }
    targets:
      - host: 127.0.0.1
        port: 9101
        headers: { authorization: "Bearer \${KEY_A}" }
      - host: 127.0.0.1
        port: 9102
        weight: 50
${extra}`;

describe('declarative config', () => {
  const env = { PROXY_PASSWORD: 'pw-from-env-0000000', KEY_A: 'sk-from-env-a-00000000' };

  it('creates what it names with defaults and secrets from the environment, and a second apply changes nothing', async () => {
    const path = file('a.yaml', chatPool());
    const summary = await applyConfigFile(path, repository, env);
    expect(summary).toEqual({
      created: ['chat-pool'],
      updated: [],
      unchanged: [],
      changes: [expect.objectContaining({ upstream: 'chat-pool' })],
    });
    // A new upstream's changes: every field from null, each target whole, the secrets from the environment masked.
    expect(summary.changes[0]!.fields).toEqual(
      expect.arrayContaining([
        { path: 'retries', from: null, to: 1 },
        { path: 'proxy.password', from: null, to: '••••0000' },
        { path: 'targets.127.0.0.1:9101', from: null, to: expect.objectContaining({ headers: { authorization: '••••0000' } }) },
      ]),
    );
    expect(JSON.stringify(summary)).not.toMatch(/pw-from-env|sk-from-env/);
    const stored = await repository.getUpstream('chat-pool');
    expect(stored).toMatchObject({ retries: 1, algorithm: 'round-robin', proxy: { password: 'pw-from-env-0000000' } });
    expect(stored.targets.map((t) => [t.port, t.weight, t.headers])).toEqual([
      [9101, 100, { authorization: 'Bearer sk-from-env-a-00000000' }],
      [9102, 50, {}],
    ]);
    expect(await applyConfigFile(path, repository, env)).toEqual({ created: [], updated: [], unchanged: ['chat-pool'], changes: [] });
  });

  it('keeps target ids and an operator-set adminState the file omits, and removes targets the file drops', async () => {
    const before = await repository.getUpstream('chat-pool');
    const first = before.targets.find((t) => t.port === 9101)!;
    await repository.updateTarget(first.id, { adminState: 'disabled' });
    const path = file(
      'b.yaml',
      chatPool().replace('      - host: 127.0.0.1\n        port: 9102\n        weight: 50\n', '').replace('retries: 1', 'retries: 3'),
    );
    expect(await applyConfigFile(path, repository, env)).toMatchObject({ updated: ['chat-pool'] });
    const after = await repository.getUpstream('chat-pool');
    expect(after.retries).toBe(3);
    expect(after.targets).toHaveLength(1);
    expect(after.targets[0]).toMatchObject({ id: first.id, adminState: 'disabled' });
  });

  it('names a missing environment variable and an invalid field, and stores nothing', async () => {
    await expect(applyConfigFile(file('c.yaml', chatPool()), repository, {})).rejects.toThrow(
      /environment variable PROXY_PASSWORD is not set/,
    );
    // The first upstream is valid, the second is not: nothing of the file may be stored.
    const bad = file('d.yaml', 'upstreams:\n  - name: other\n  - name: broken\n    targets:\n      - { host: 127.0.0.1, port: 70000 }\n');
    await expect(applyConfigFile(bad, repository, env)).rejects.toThrow('upstreams.1.targets.0.port: must be at most 65535');
    await expect(repository.getUpstream('other')).rejects.toThrow(/no upstream named "other"/);
  });

  it('stores quotaAware: false, exports it, and a re-import or an unchanged file changes nothing', async () => {
    const text = 'upstreams:\n  - name: keys\n    quotaAware: false\n    targets: [{ host: 127.0.0.1, port: 9401 }]\n';
    const path = file('quota.yaml', text);
    const created = await applyConfigFile(path, repository, {});
    expect(created.changes[0]!.fields).toContainEqual({ path: 'quotaAware', from: null, to: false });
    expect(await repository.getUpstream('keys')).toMatchObject({ quotaAware: false });
    expect(await applyConfigFile(path, repository, {})).toEqual({ created: [], updated: [], unchanged: ['keys'], changes: [] });

    const { yaml } = await hw.client.config.export.query();
    expect(yaml).toMatch(/name: keys[\s\S]*quotaAware: false/);
    expect(yaml).toMatch(/name: chat-pool[\s\S]*quotaAware: true/); // the default, written out
    const reimported = await hw.client.config.import.mutate({ yaml });
    expect(reimported).toMatchObject({ created: [], updated: [] });

    // Omitted, it is the spec's default again: on.
    const omitted = await applyConfigFile(file('quota-omitted.yaml', text.replace('    quotaAware: false\n', '')), repository, {});
    expect(omitted.changes[0]!.fields).toEqual([{ path: 'quotaAware', from: false, to: true }]);
  });

  it('is applied by the runtime on start (HEADWATER_CONFIG)', async () => {
    const path = file('e.yaml', 'upstreams:\n  - name: seeded\n    targets: [{ host: 127.0.0.1, port: 9300 }]\n');
    const seeded = await startTestRuntime({ env: { HEADWATER_CONFIG: path } });
    try {
      expect((await seeded.client.upstreams.list.query()).map((u) => u.name)).toEqual(['seeded']);
    } finally {
      await seeded.stop();
    }
  });
});
