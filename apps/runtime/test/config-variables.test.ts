import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, startTestRuntime, TEST_SECRET_KEY, TEST_TOKEN, type TestRuntime } from './harness.ts';

// `${VAR}` in a declarative config. Through the admin API (config.import), anyone holding the
// token writes the text: a variable may only fill a secret field (never shown again), and never
// the runtime's own settings, which would go to a target of the writer's choosing. The start-up
// file (HEADWATER_CONFIG) is the operator's: any field, but never the runtime's own settings either.

const placeholder = (name: string) => `\${${name}}`;
const OTHER_SECRET = 'sk-from-the-environment-0000';
const PROXY_PASSWORD = 'proxy-password-from-env-1111';

let hw: TestRuntime;
let backend: FakeBackend;
const dir = mkdtempSync(join(tmpdir(), 'headwater-vars-'));

beforeAll(async () => {
  backend = await startFakeBackend({ name: 'echo' });
  hw = await startTestRuntime({
    env: {
      HEADWATER_SECRET_KEY: TEST_SECRET_KEY,
      HEADWATER_ADMIN_TOKEN: TEST_TOKEN,
      OTHER_SECRET,
      PROXY_PASSWORD,
      PORT: String(backend.port),
    },
  });
});
afterAll(async () => {
  await Promise.all([hw.stop(), backend.close()]);
  rmSync(dir, { recursive: true, force: true });
});

const withHeader = (value: string, extra = '') =>
  `upstreams:\n  - name: env-test\n    targets:\n      - host: 127.0.0.1\n        port: ${backend.port}\n        headers: { authorization: "${value}" }\n${extra}`;

async function storedNothing() {
  expect(await hw.client.upstreams.list.query()).toEqual([]);
}

describe('config.import reads variables', () => {
  it.each(['HEADWATER_SECRET_KEY', 'HEADWATER_ADMIN_TOKEN', 'DATABASE_URL', 'PGPASSWORD'])(
    'never %s, one of the runtime own settings, set or not, naming the field',
    async (name) => {
      for (const dryRun of [true, false]) {
        await expect(hw.client.config.import.mutate({ yaml: withHeader(`Bearer ${placeholder(name)}`), dryRun })).rejects.toThrow(
          `yaml: upstreams.0.targets.0.headers.authorization: ${placeholder(name)} is one of the runtime's own settings, which a config never reads`,
        );
      }
      await storedNothing();
    },
  );

  it('from other variables into a target header and a proxy password, which are sent and never shown', async () => {
    const proxy = `    proxy: { host: 127.0.0.1, port: 3128, username: ops, password: ${placeholder('PROXY_PASSWORD')} }\n`;
    await hw.client.config.import.mutate({ yaml: withHeader(`Bearer ${placeholder('OTHER_SECRET')}`) });
    const response = await call(hw.dataUrl, 'env-test');
    expect(JSON.parse(response.text).echo.headers.authorization).toBe(`Bearer ${OTHER_SECRET}`);
    await hw.client.config.import.mutate({ yaml: `upstreams:\n  - name: with-proxy\n${proxy}` });
    const shown = JSON.stringify(await hw.client.upstreams.list.query());
    expect(shown).not.toContain(OTHER_SECRET);
    expect(shown).not.toContain(PROXY_PASSWORD);
    for (const name of ['env-test', 'with-proxy']) await hw.client.upstreams.delete.mutate({ name });
  });

  it.each([
    ['a port', `upstreams:\n  - name: x\n    targets: [{ host: 127.0.0.1, port: ${placeholder('PORT')} }]\n`, 'upstreams.0.targets.0.port'],
    ['a name', `upstreams:\n  - name: ${placeholder('OTHER_SECRET')}\n`, 'upstreams.0.name'],
    [
      'a proxy username',
      `upstreams:\n  - name: x\n    proxy: { host: h, port: 1, username: ${placeholder('OTHER_SECRET')} }\n`,
      'upstreams.0.proxy.username',
    ],
    [
      'a probe header, shown unmasked',
      `upstreams:\n  - name: x\n    healthChecks: { active: { headers: { x-key: ${placeholder('OTHER_SECRET')} } } }\n`,
      'upstreams.0.healthChecks.active.headers.x-key',
    ],
    [
      'a header name',
      `upstreams:\n  - name: x\n    targets: [{ host: h, port: 1, headers: { ${placeholder('OTHER_SECRET')}: v } }]\n`,
      'upstreams.0.targets.0.headers',
    ],
  ])('only in secret fields: not in %s, naming the field', async (_, yaml, field) => {
    const error = hw.client.config.import.mutate({ yaml });
    await expect(error).rejects.toThrow(`yaml: ${field}`);
    await expect(error).rejects.toThrow(/cannot stand (here|as a name): an imported config reads variables only in secret fields/);
    await storedNothing();
  });

  it('not even when an alias repeats a secret field somewhere else', async () => {
    const yaml = [
      'upstreams:',
      '  - name: aliased',
      `    targets: [{ host: 127.0.0.1, port: ${backend.port}, headers: { authorization: &key "${placeholder('OTHER_SECRET')}" } }]`,
      '    healthChecks: { active: { headers: { x-copy: *key } } }',
      '',
    ].join('\n');
    await expect(hw.client.config.import.mutate({ yaml })).rejects.toThrow(
      /^yaml: upstreams\.0\.healthChecks\.active\.headers\.x-copy: \$\{OTHER_SECRET\} cannot stand here/,
    );
    await storedNothing();
  });
});

describe('the start-up file (HEADWATER_CONFIG) reads variables', () => {
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('in any field', async () => {
    const path = file('ports.yaml', `upstreams:\n  - name: from-file\n    targets: [{ host: 127.0.0.1, port: ${placeholder('PORT')} }]\n`);
    const node = await startTestRuntime({ env: { HEADWATER_CONFIG: path, PORT: String(backend.port) } });
    try {
      expect((await node.client.upstreams.get.query({ name: 'from-file' })).targets[0]?.port).toBe(backend.port);
    } finally {
      await node.stop();
    }
  });

  it('but never the runtime own settings: the start stops, naming the field', async () => {
    const path = file('token.yaml', withHeader(placeholder('HEADWATER_ADMIN_TOKEN')));
    await expect(startTestRuntime({ env: { HEADWATER_CONFIG: path } })).rejects.toThrow(
      `${path}: upstreams.0.targets.0.headers.authorization: ${placeholder('HEADWATER_ADMIN_TOKEN')} is one of the runtime's own settings`,
    );
  });
});
