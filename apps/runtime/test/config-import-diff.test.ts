import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, type TestRuntime } from './harness.ts';

// config.import answers field by field what it changes (or, dry run, would change), from real
// YAML against a real runtime: dotted paths, whole targets added and removed, and every secret
// masked on both sides.

const OLD_KEY = 'Bearer sk-old-key-0123456789-AAAA';
const NEW_KEY = 'Bearer sk-new-key-0123456789-BBBB';
const OLD_PASSWORD = 'old-proxy-password-0000-CCCC';
const NEW_PASSWORD = 'new-proxy-password-1111-DDDD';
const DROPPED_KEY = 'Bearer sk-dropped-0123456789-EEEE';

let hw: TestRuntime;
beforeAll(async () => {
  hw = await startTestRuntime();
  await hw.client.config.import.mutate({
    yaml: `
upstreams:
  - name: chat
    retries: 2
    proxy: { host: 127.0.0.1, port: 3128, username: ops, password: "${OLD_PASSWORD}" }
    targets:
      - { host: 127.0.0.1, port: 9101, weight: 100, headers: { authorization: "${OLD_KEY}" } }
      - { host: 127.0.0.1, port: 9102, headers: { authorization: "${DROPPED_KEY}" } }
  - name: steady
    targets: [{ host: 127.0.0.1, port: 9201 }]
`,
  });
});
afterAll(() => hw.stop());

const edited = `
upstreams:
  - name: chat
    retries: 2
    proxy: { host: 127.0.0.1, port: 3128, username: ops, password: "${NEW_PASSWORD}" }
    healthChecks:
      active: { path: /v1/models }
      passive: { consecutiveFailures: 9 }
    targets:
      - { host: 127.0.0.1, port: 9101, weight: 40, headers: { authorization: "${NEW_KEY}" } }
      - { host: 127.0.0.1, port: 9103 }
  - name: steady
    targets: [{ host: 127.0.0.1, port: 9201 }]
`;

describe('config.import changes', () => {
  it('lists each changed field with its dotted path, whole targets as they come and go, and masks every secret on both sides', async () => {
    const dryRun = await hw.client.config.import.mutate({ yaml: edited, dryRun: true });
    expect(dryRun).toMatchObject({ created: [], updated: ['chat'], unchanged: ['steady'] });
    expect(dryRun.changes).toHaveLength(1);
    const [chat] = dryRun.changes;
    expect(chat).toMatchObject({ upstream: 'chat', kind: 'updated' });
    const byPath = new Map(chat!.fields.map((field) => [field.path, field]));
    expect([...byPath.keys()].sort()).toEqual([
      'healthChecks.active',
      'healthChecks.passive.consecutiveFailures',
      'proxy.password',
      'targets.127.0.0.1:9101.headers.authorization',
      'targets.127.0.0.1:9101.weight',
      'targets.127.0.0.1:9102',
      'targets.127.0.0.1:9103',
    ]);
    expect(byPath.get('healthChecks.passive.consecutiveFailures')).toEqual({
      path: 'healthChecks.passive.consecutiveFailures',
      from: 5,
      to: 9,
    });
    expect(byPath.get('healthChecks.active')).toMatchObject({ from: null, to: { path: '/v1/models', timeoutMs: 2_000 } });
    expect(byPath.get('targets.127.0.0.1:9101.weight')).toMatchObject({ from: 100, to: 40 });
    expect(byPath.get('proxy.password')).toMatchObject({ from: '••••CCCC', to: '••••DDDD' });
    expect(byPath.get('targets.127.0.0.1:9101.headers.authorization')).toMatchObject({ from: '••••AAAA', to: '••••BBBB' });
    expect(byPath.get('targets.127.0.0.1:9102')).toMatchObject({
      from: { host: '127.0.0.1', port: 9102, headers: { authorization: '••••EEEE' } },
      to: null,
    });
    expect(byPath.get('targets.127.0.0.1:9103')).toMatchObject({ from: null, to: { host: '127.0.0.1', port: 9103, weight: 100 } });
    for (const secret of [OLD_KEY, NEW_KEY, OLD_PASSWORD, NEW_PASSWORD, DROPPED_KEY]) expect(JSON.stringify(dryRun)).not.toContain(secret);

    // Applied, the answer is the same, and what it said is what is stored.
    expect(await hw.client.config.import.mutate({ yaml: edited })).toEqual(dryRun);
    const stored = await hw.client.upstreams.get.query({ name: 'chat' });
    expect(stored.healthChecks.passive.consecutiveFailures).toBe(9);
    expect(stored.targets.map((target) => [target.port, target.weight])).toEqual([
      [9101, 40],
      [9103, 100],
    ]);
    expect(await hw.client.config.import.mutate({ yaml: edited, dryRun: true })).toMatchObject({ updated: [], changes: [] });
  });
});
