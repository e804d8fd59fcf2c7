import { maskSecret } from '@headwater/core';
import { openDatabase } from '@headwater/prisma';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { applyConfigText } from '../src/config/declarative.ts';
import { ConfigRepository } from '../src/config/repository.ts';
import { call, closedPort, startTestRuntime, storedEvents, type TestRuntime, testSecrets } from './harness.ts';

// Declarative import and export through the admin API, against a real runtime: the YAML an
// export writes is the YAML an import (and HEADWATER_CONFIG) reads, and secrets never leave.

/** `${NAME}` as imported YAML spells an environment placeholder (written out, not a template slot). */
const placeholder = (name: string) => `\${${name}}`;

const HEADER_SECRET = 'Bearer sk-header-secret-0123456789-QwXz';
// YAML-special characters: a placeholder must bring the value in exactly, not end it at ` #`.
const PROXY_SECRET = `proxy #pass: "w'rd\\ {0123} ${placeholder('X')} PkJv`;
const TEAM_SECRET = 'search-team-alpha-Tm';

let hw: TestRuntime;
let backend: FakeBackend;
let db: Awaited<ReturnType<typeof openDatabase>>;
let repository: ConfigRepository;
let deadPort: number;

beforeAll(async () => {
  [hw, backend, deadPort] = await Promise.all([startTestRuntime(), startFakeBackend({ name: 'echo' }), closedPort()]);
  db = await openDatabase(hw.databaseUrl);
  repository = new ConfigRepository(db, 'import-export-test', testSecrets); // reads the runtime's own database
  await hw.client.upstreams.create.mutate({
    name: 'chat-pool',
    algorithm: 'least-connections',
    retries: 1,
    slowStartMs: 0,
    targets: [
      { host: '127.0.0.1', port: backend.port, headers: { authorization: HEADER_SECRET, 'x-team': TEAM_SECRET } },
      { host: '127.0.0.1', port: deadPort, priority: 1, adminState: 'disabled', healthChecks: { passive: { consecutiveFailures: 3 } } },
    ],
  });
  await hw.client.upstreams.create.mutate({
    name: 'via-proxy',
    algorithm: 'consistent-hash',
    hashOn: 'header:x-user-id',
    proxy: { host: '127.0.0.1', port: deadPort, username: 'ops', password: PROXY_SECRET },
    healthChecks: { active: { path: '/v1/models', expectedStatuses: [200, '300-302'] } },
    targets: [{ host: 'backend.internal', port: 443, protocol: 'https', weight: 50 }],
  });
});
afterAll(async () => {
  await db.$disconnect();
  await Promise.all([hw.stop(), backend.close()]);
});

const withoutIds = (upstreams: unknown) =>
  JSON.parse(JSON.stringify(upstreams, (key, value: unknown) => (key === 'id' || key === 'upstreamId' ? undefined : value)));

/** Everything an import could touch: the stored config (real secrets included) and its version. */
async function storedState() {
  return { version: await repository.version(), upstreams: await repository.listUpstreams() };
}

async function echoedAuthorization(): Promise<unknown> {
  const response = await call(hw.dataUrl, 'chat-pool');
  expect(response.status).toBe(200);
  return (JSON.parse(response.text) as { echo: { headers: Record<string, string> } }).echo.headers.authorization;
}

describe('config.export', () => {
  it('writes every field, defaults and adminState included, with secrets masked by default', async () => {
    const { yaml } = await hw.client.config.export.query();
    expect(yaml).toContain('retryBudgetPct: 20'); // a default nobody set
    expect(yaml).toContain('adminState: disabled');
    expect(yaml).toContain('hashOn: header:x-user-id');
    expect(yaml).toContain('consecutiveFailures: 3');
    expect(yaml).toContain('authorization: ••••QwXz');
    expect(yaml).toContain('password: ••••PkJv');
    expect(yaml).not.toContain(HEADER_SECRET);
    expect(yaml).not.toContain(PROXY_SECRET);
    expect(yaml).not.toMatch(/\bid:/);
  });

  it(`writes secrets as ${placeholder('VAR')} placeholders with deterministic names, never the value or its tail`, async () => {
    const { yaml } = await hw.client.config.export.query({ secrets: 'placeholders' });
    expect(yaml).toContain(`authorization: ${placeholder(`SECRET_CHAT_POOL_127_0_0_1_${backend.port}_AUTHORIZATION`)}`);
    expect(yaml).toContain(`x-team: ${placeholder(`SECRET_CHAT_POOL_127_0_0_1_${backend.port}_X_TEAM`)}`);
    expect(yaml).toContain(`password: ${placeholder('SECRET_VIA_PROXY_PROXY_PASSWORD')}`);
    for (const secret of [HEADER_SECRET, PROXY_SECRET, TEAM_SECRET]) {
      expect(yaml).not.toContain(secret);
      expect(yaml).not.toContain(secret.slice(-4));
    }
    expect((await hw.client.config.export.query({ secrets: 'placeholders' })).yaml).toBe(yaml);
  });
});

describe('config.import', () => {
  it('reproduces the config in a fresh runtime from a placeholder export and its variables', async () => {
    const { yaml } = await hw.client.config.export.query({ secrets: 'placeholders' });
    const fresh = await startTestRuntime({
      env: {
        [`SECRET_CHAT_POOL_127_0_0_1_${backend.port}_AUTHORIZATION`]: HEADER_SECRET,
        [`SECRET_CHAT_POOL_127_0_0_1_${backend.port}_X_TEAM`]: TEAM_SECRET,
        SECRET_VIA_PROXY_PROXY_PASSWORD: PROXY_SECRET,
      },
    });
    const freshDb = await openDatabase(fresh.databaseUrl);
    try {
      const summary = await fresh.client.config.import.mutate({ yaml });
      expect(summary).toEqual({
        created: ['chat-pool', 'via-proxy'],
        updated: [],
        unchanged: [],
        changes: [
          expect.objectContaining({ upstream: 'chat-pool', kind: 'created' }),
          expect.objectContaining({ upstream: 'via-proxy', kind: 'created' }),
        ],
      });
      for (const secret of [HEADER_SECRET, PROXY_SECRET, TEAM_SECRET]) expect(JSON.stringify(summary)).not.toContain(secret);
      const original = await repository.listUpstreams();
      const copy = await new ConfigRepository(freshDb, 'copy', testSecrets).listUpstreams();
      expect(withoutIds(copy)).toEqual(withoutIds(original)); // real secrets included
      expect((await fresh.client.config.export.query()).yaml).toBe((await hw.client.config.export.query()).yaml);
      // and the copy serves with the injected secret
      const response = await call(fresh.dataUrl, 'chat-pool');
      expect((JSON.parse(response.text) as { echo: { headers: Record<string, string> } }).echo.headers.authorization).toBe(HEADER_SECRET);
    } finally {
      await freshDb.$disconnect();
      await fresh.stop();
    }
  });

  it('changes nothing when a masked export is imported back, and keeps the stored secrets', async () => {
    const before = await storedState();
    const events = (await storedEvents(hw.databaseUrl, 'chat-pool')).length;
    const { yaml } = await hw.client.config.export.query();
    expect(await hw.client.config.import.mutate({ yaml })).toEqual({
      created: [],
      updated: [],
      unchanged: ['chat-pool', 'via-proxy'],
      changes: [],
    });
    expect(await storedState()).toEqual(before); // same ids, same secrets, no version bump
    expect((await storedEvents(hw.databaseUrl, 'chat-pool')).length).toBe(events);
    expect(await echoedAuthorization()).toBe(HEADER_SECRET);
  });

  it('keeps masked secrets through an edit, and makes the upstream match the text (a dropped field is dropped)', async () => {
    const { yaml } = await hw.client.config.export.query();
    const edited = yaml.replace('retries: 1', 'retries: 3').replace(/^ +x-team: .*\n/m, '');
    expect(await hw.client.config.import.mutate({ yaml: edited })).toEqual({
      created: [],
      updated: ['chat-pool'],
      unchanged: ['via-proxy'],
      changes: [
        {
          upstream: 'chat-pool',
          kind: 'updated',
          fields: [
            { path: 'retries', from: 1, to: 3 },
            { path: `targets.127.0.0.1:${backend.port}.headers.x-team`, from: maskSecret(TEAM_SECRET), to: null },
          ],
        },
      ],
    });
    const stored = await repository.getUpstream('chat-pool');
    expect(stored.retries).toBe(3);
    expect(stored.targets.find((t) => t.port === backend.port)?.headers).toEqual({ authorization: HEADER_SECRET });
    expect(await echoedAuthorization()).toBe(HEADER_SECRET);
    expect((await repository.getUpstream('via-proxy')).proxy?.password).toBe(PROXY_SECRET);
  });

  it('dryRun reports what would change and stores nothing', async () => {
    const before = await storedState();
    const { yaml } = await hw.client.config.export.query();
    const edited = `${yaml.replace('retries: 3', 'retries: 0')}  - name: newcomer\n    targets: [{ host: 127.0.0.1, port: ${deadPort} }]\n`;
    expect(await hw.client.config.import.mutate({ yaml: edited, dryRun: true })).toEqual({
      created: ['newcomer'],
      updated: ['chat-pool'],
      unchanged: ['via-proxy'],
      changes: [
        { upstream: 'chat-pool', kind: 'updated', fields: [{ path: 'retries', from: 3, to: 0 }] },
        {
          upstream: 'newcomer',
          kind: 'created',
          fields: expect.arrayContaining([
            { path: 'name', from: null, to: 'newcomer' },
            { path: `targets.127.0.0.1:${deadPort}`, from: null, to: expect.objectContaining({ port: deadPort, weight: 100 }) },
          ]),
        },
      ],
    });
    expect(await storedState()).toEqual(before);
    expect((await hw.client.upstreams.list.query()).map((u) => u.name)).toEqual(['chat-pool', 'via-proxy']);
  });

  it('stores nothing of a text with any invalid part, naming the field', async () => {
    const before = await storedState();
    const text = [
      'upstreams:',
      '  - name: chat-pool',
      '    retries: 5',
      '  - name: other',
      '  - name: broken',
      '    targets:',
      '      - { host: 127.0.0.1, port: 70000 }',
      '',
    ].join('\n');
    await expect(hw.client.config.import.mutate({ yaml: text })).rejects.toThrow('upstreams.2.targets.0.port: must be at most 65535');
    await expect(hw.client.config.import.mutate({ yaml: text, dryRun: true })).rejects.toThrow('upstreams.2.targets.0.port');
    await expect(hw.client.config.import.mutate({ yaml: 'upstreams:\n  - name: a\n  - name: a\n' })).rejects.toThrow(
      'upstreams.1.name: duplicates upstreams.0.name "a"',
    );
    await expect(hw.client.config.import.mutate({ yaml: 'upstreams:\n  - name: [unclosed\n' })).rejects.toThrow(/^yaml: not valid YAML/);
    await expect(
      hw.client.config.import.mutate({
        yaml: `upstreams:\n  - name: x\n    proxy: { host: h, port: 1, password: "${placeholder('NOT_SET_ANYWHERE')}" }\n`,
      }),
    ).rejects.toThrow('yaml: upstreams.0.proxy.password: environment variable NOT_SET_ANYWHERE is not set');
    await expect(hw.client.config.import.mutate({ yaml: `# ${'x'.repeat(1_048_576)}\n` })).rejects.toThrow(
      'yaml: must be at most 1 MiB (1048576 bytes)',
    );
    expect(await storedState()).toEqual(before);
  });

  it('refuses a masked secret where there is nothing stored to keep, naming the field', async () => {
    const before = await storedState();
    await expect(
      hw.client.config.import.mutate({
        yaml: 'upstreams:\n  - name: new-one\n    proxy: { host: 127.0.0.1, port: 3128, password: "••••6789" }\n',
      }),
    ).rejects.toThrow('upstreams.0.proxy.password: is masked: give the value');
    const { yaml } = await hw.client.config.export.query();
    const newTarget = yaml.replace(
      /( {4}targets:\n)/,
      `$1      - { host: 127.0.0.2, port: 9999, headers: { authorization: "••••6789" } }\n`,
    );
    await expect(hw.client.config.import.mutate({ yaml: newTarget })).rejects.toThrow(
      'upstreams.0.targets.0.headers.authorization: is masked: give the value',
    );
    expect(await storedState()).toEqual(before);
  });

  it(`fills ${placeholder('VAR')} value by value: exact in any YAML context, a plain number stays a number, comments are not read`, async () => {
    const text = [
      `# ${placeholder('ONLY_IN_A_COMMENT')}`,
      'upstreams:',
      '  - name: by-env',
      `    proxy: { host: 127.0.0.1, port: ${placeholder('PROXY_PORT')}, password: ${placeholder('PW')} }`,
      `    targets: [{ host: 127.0.0.1, port: ${placeholder('PORT')}, headers: { authorization: "Bearer ${placeholder('KEY')}" } }]`,
      '',
    ].join('\n');
    const env = { PROXY_PORT: '3128', PORT: '9101', PW: 'a #b: "c\' {d}', KEY: 'k\\"e y' };
    // As the start-up file reads it: a variable may stand in any field there.
    const summary = await applyConfigText(text, 'test', repository, { values: env, allowedIn: 'any-field' });
    expect(summary).toMatchObject({ created: ['by-env'], updated: [], unchanged: [], changes: [{ upstream: 'by-env', kind: 'created' }] });
    expect(JSON.stringify(summary)).not.toContain(env.PW);
    const stored = await repository.getUpstream('by-env');
    expect(stored.proxy).toEqual({ host: '127.0.0.1', port: 3128, password: env.PW });
    expect(stored.targets[0]).toMatchObject({ port: 9101, headers: { authorization: `Bearer ${env.KEY}` } });
    await hw.client.upstreams.delete.mutate({ name: 'by-env' });
  });
});
