import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rejection, startTestRuntime, type TestRuntime } from './harness.ts';

let hw: TestRuntime;
beforeAll(async () => {
  hw = await startTestRuntime();
});
afterAll(() => hw.stop());

describe('admin API authentication', () => {
  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-token-at-all-000000' }],
    ['a malformed header', { authorization: 'Basic abc' }],
  ])('answers 401 to a call with %s, for queries and mutations', async (_, headers) => {
    const query = await fetch(`${hw.adminUrl}/trpc/upstreams.list`, { headers });
    expect(query.status).toBe(401);
    expect(await query.json()).toMatchObject({ error: { type: 'unauthorized' } });
    const mutation = await fetch(`${hw.adminUrl}/trpc/upstreams.create`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'sneaky' }),
    });
    expect(mutation.status).toBe(401);
    expect(await hw.client.upstreams.list.query()).toEqual([]);
  });

  it('leaves /healthz and /readyz open for load balancers', async () => {
    expect((await fetch(`${hw.adminUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${hw.adminUrl}/readyz`)).status).toBe(200);
  });
});

describe('admin API validation', () => {
  it.each([
    [{ port: 70_000 }, 'targets.0.port', 'must be at most 65535'],
    [{ weight: -1 }, 'targets.0.weight', 'must be at least 0'],
    [{ host: '' }, 'targets.0.host', 'must not be empty'],
  ])('rejects target %j naming the field, and stores nothing', async (change, path, rule) => {
    const error = await rejection(
      hw.client.upstreams.create.mutate({ name: 'bad', targets: [{ host: '127.0.0.1', port: 9000, ...change }] }),
    );
    expect(error.data?.code).toBe('BAD_REQUEST');
    expect(error.message).toBe(`${path}: ${rule}`);
    expect(error.data?.issues).toEqual([{ path, message: rule }]);
    expect(await hw.client.upstreams.list.query()).toEqual([]);
  });

  it('rejects a bad edit of a stored target and keeps the stored one as it was', async () => {
    const upstream = await hw.client.upstreams.create.mutate({ name: 'keep', targets: [{ host: '127.0.0.1', port: 9001, weight: 10 }] });
    const id = upstream.targets[0]!.id;
    const error = await rejection(hw.client.targets.update.mutate({ id, changes: { weight: 5_000, port: 0 } }));
    expect(error.message).toBe('changes.port: must be at least 1; changes.weight: must be at most 1000');
    const stored = await hw.client.upstreams.get.query({ name: 'keep' });
    expect(stored.targets).toMatchObject([{ id, port: 9001, weight: 10 }]);
  });

  it('rejects a second upstream with a taken name, and a duplicate target', async () => {
    await hw.client.upstreams.create.mutate({ name: 'taken' });
    expect((await rejection(hw.client.upstreams.create.mutate({ name: 'taken' }))).data?.code).toBe('CONFLICT');
    await hw.client.targets.create.mutate({ upstream: 'taken', target: { host: '127.0.0.1', port: 9002 } });
    const duplicate = await rejection(hw.client.targets.create.mutate({ upstream: 'taken', target: { host: '127.0.0.1', port: 9002 } }));
    expect(duplicate.data?.code).toBe('CONFLICT');
    expect(duplicate.message).toMatch(/^target\.port: target 127\.0\.0\.1:9002 already exists/);
  });
});

describe('admin API editing', () => {
  it('creates, edits and deletes upstreams and targets, with every default filled', async () => {
    const created = await hw.client.upstreams.create.mutate({
      name: 'chat-pool',
      targets: [
        { host: '127.0.0.1', port: 9101 },
        { host: 'localhost', port: 9102, weight: 50, priority: 1 },
      ],
    });
    expect(created).toMatchObject({ name: 'chat-pool', algorithm: 'round-robin', retries: 2, slowStartMs: 30_000 });
    expect(created.targets.map((t) => [t.host, t.port, t.weight, t.priority])).toEqual([
      ['127.0.0.1', 9101, 100, 0],
      ['localhost', 9102, 50, 1],
    ]);

    const renamed = await hw.client.upstreams.update.mutate({
      name: 'chat-pool',
      changes: { name: 'chat', timeouts: { connectMs: 1_000 } },
    });
    expect(renamed.timeouts).toEqual({ connectMs: 1_000, headersMs: 600_000, bodyIdleMs: 300_000, totalMs: 0 });

    const target = created.targets[0]!;
    const edited = await hw.client.targets.update.mutate({ id: target.id, changes: { weight: 300 } });
    expect(edited).toMatchObject({ id: target.id, weight: 300 });
    const moved = await hw.client.targets.update.mutate({ id: target.id, changes: { port: 9103 } });
    expect(moved.id).not.toBe(target.id); // a new host:port is a new target

    await hw.client.targets.delete.mutate({ id: moved.id });
    await hw.client.upstreams.delete.mutate({ name: 'chat' });
    await expect(hw.client.upstreams.get.query({ name: 'chat' })).rejects.toMatchObject({ data: { code: 'NOT_FOUND' } });
  });

  it('stores secrets but only ever shows them masked, and a masked value round-trips', async () => {
    const created = await hw.client.upstreams.create.mutate({
      name: 'secret',
      proxy: { host: '127.0.0.1', port: 3128, username: 'ops', password: 'proxy-password-123456' },
      targets: [{ host: '127.0.0.1', port: 9200, headers: { Authorization: 'Bearer sk-live-abcdefghijklmnop' } }],
    });
    expect(created.proxy?.password).toBe('••••3456');
    expect(created.targets[0]!.headers).toEqual({ authorization: '••••mnop' });
    const again = await hw.client.targets.update.mutate({
      id: created.targets[0]!.id,
      changes: { headers: created.targets[0]!.headers, weight: 7 },
    });
    expect(again.headers).toEqual({ authorization: '••••mnop' });
    const listed = JSON.stringify(await hw.client.upstreams.list.query());
    expect(listed).not.toContain('sk-live-abcdefghijklmnop');
    expect(listed).not.toContain('proxy-password-123456');
  });
});
