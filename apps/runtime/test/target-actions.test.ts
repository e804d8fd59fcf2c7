import { TRPCClientError } from '@trpc/client';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, rejection, startTestRuntime, waitFor, type TestRuntime } from './harness.ts';

let hw: TestRuntime;
let a: FakeBackend;
let slow: FakeBackend;
beforeAll(async () => {
  [hw, a, slow] = await Promise.all([
    startTestRuntime(),
    startFakeBackend({ name: 'a' }),
    startFakeBackend({ name: 'slow', chunkDelayMs: 40 }),
  ]);
});
afterAll(async () => {
  await Promise.all([hw.stop(), a.close(), slow.close()]);
});

const cell = async (upstream: string, id: string) =>
  (await hw.client.states.get.query()).upstreams.find((u) => u.name === upstream)?.targets.find((t) => t.id === id);

const codeOf = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCClientError) return (error.data as { code?: string } | undefined)?.code;
    throw error;
  }
  return 'OK';
};

describe('target actions', () => {
  it('drain: no new requests, the stream in flight finishes, then Disabled; every step in the event log', async () => {
    const created = await hw.client.upstreams.create.mutate({
      name: 'drainable',
      slowStartMs: 0,
      targets: [{ host: '127.0.0.1', port: slow.port }],
    });
    const id = created.targets[0]!.id;
    const stream = request(`${hw.dataUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { host: 'drainable', 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true, chunks: 12 }),
    });
    const response = await stream;
    await waitFor('the stream in flight', async () => (await cell('drainable', id))?.inFlight === 1);

    const drained = await hw.client.targets.drain.mutate({ id });
    expect(drained).toEqual({ id, target: `127.0.0.1:${slow.port}`, changed: true, message: 'target draining' });
    const draining = await cell('drainable', id);
    expect(draining).toMatchObject({ state: 'draining', adminState: 'draining', inFlight: 1 });
    expect(draining!.drainDeadline).toBeGreaterThan(Date.now());
    expect((await call(hw.dataUrl, 'drainable')).status).toBe(503);

    const body = await response.body.text();
    expect(body).toContain('data: [DONE]');
    await waitFor('Disabled after the drain', async () => (await cell('drainable', id))?.state === 'disabled');
    await waitFor(
      'the stored config says disabled',
      async () => (await hw.client.upstreams.get.query({ name: 'drainable' })).targets[0]!.adminState === 'disabled',
    );

    const events = await hw.client.events.list.query({ upstream: 'drainable' });
    const admin = events.filter((e) => e.kind === 'admin').map((e) => [e.from, e.to, e.reason]);
    expect(admin).toEqual([
      ['draining', 'disabled', 'drained: nothing in flight'],
      ['enabled', 'draining', 'set by operator'],
    ]);
    expect(events.map((e) => e.at)).toEqual([...events.map((e) => e.at)].sort((x, y) => y - x));

    expect(await hw.client.targets.drain.mutate({ id })).toMatchObject({
      changed: false,
      message: 'target is disabled: there is nothing to drain',
    });
    expect(await hw.client.targets.disable.mutate({ id })).toMatchObject({ changed: false, message: 'target is already disabled' });
    expect(await hw.client.targets.enable.mutate({ id })).toMatchObject({ changed: true, message: 'target enabled' });
    expect((await cell('drainable', id))?.state).toBe('healthy');
    expect(await hw.client.targets.enable.mutate({ id })).toMatchObject({ changed: false, message: 'target is already enabled' });
    expect(await hw.client.targets.disable.mutate({ id })).toMatchObject({ changed: true });
    expect((await cell('drainable', id))?.state).toBe('disabled');
  });

  it('reset circuit: closes an open circuit (logged "reset by operator"); a closed one is a no-op; each with its node', async () => {
    const created = await hw.client.upstreams.create.mutate({
      name: 'breakable',
      retries: 0,
      healthChecks: { passive: { consecutiveFailures: 1 } },
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    const id = created.targets[0]!.id;
    expect(await hw.client.targets.resetCircuit.mutate({ id })).toEqual({
      id,
      target: `127.0.0.1:${a.port}`,
      changed: false,
      message: 'circuit already closed on 1 of 1 node',
      nodes: [{ node: 'test-node', outcome: 'unchanged', message: 'circuit is already closed' }],
    });
    a.queue({ kind: 'status', status: 503 });
    expect((await call(hw.dataUrl, 'breakable')).status).toBe(503);
    expect((await cell('breakable', id))?.circuit).toBe('open');
    expect(await hw.client.targets.resetCircuit.mutate({ id, node: 'test-node' })).toMatchObject({
      changed: true,
      message: 'circuit closed on 1 of 1 node',
      nodes: [{ node: 'test-node', outcome: 'changed', message: 'circuit closed' }],
    });
    expect((await cell('breakable', id))?.circuit).toBe('closed');
    expect((await call(hw.dataUrl, 'breakable')).status).toBe(200);
    const [latest] = await hw.client.events.list.query({ targetId: id, limit: 1 });
    expect(latest).toMatchObject({
      kind: 'circuit',
      from: 'open',
      to: 'closed',
      reason: 'reset by operator',
      target: `127.0.0.1:${a.port}`,
    });
  });

  it('end cooldown: ends a 429 cooldown early (logged "ended by operator"); no cooldown is a no-op', async () => {
    const created = await hw.client.upstreams.create.mutate({
      name: 'limited',
      retries: 0,
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    const id = created.targets[0]!.id;
    expect(await hw.client.targets.endCooldown.mutate({ id })).toMatchObject({
      changed: false,
      message: 'not cooling down on 1 of 1 node',
      nodes: [{ node: 'test-node', outcome: 'unchanged', message: 'target is not cooling down' }],
    });
    a.queue({ kind: 'status', status: 429, retryAfter: '120' });
    expect((await call(hw.dataUrl, 'limited')).status).toBe(429);
    expect((await call(hw.dataUrl, 'limited')).status).toBe(429); // every target cooling down
    expect(await hw.client.targets.endCooldown.mutate({ id })).toMatchObject({
      changed: true,
      message: 'cooldown ended on 1 of 1 node',
      nodes: [{ node: 'test-node', outcome: 'changed', message: 'cooldown ended' }],
    });
    expect((await call(hw.dataUrl, 'limited')).status).toBe(200);
    const [latest] = await hw.client.events.list.query({ targetId: id, limit: 1 });
    expect(latest).toMatchObject({ kind: 'cooldown', from: 'cooling', to: 'none', reason: 'ended by operator' });
  });

  it('unknown targets are NOT_FOUND; bad input is BAD_REQUEST', async () => {
    for (const action of ['enable', 'drain', 'disable', 'resetCircuit', 'endCooldown'] as const) {
      expect(await codeOf(hw.client.targets[action].mutate({ id: 'no-such-target' }))).toBe('NOT_FOUND');
    }
    const [upstream] = await hw.client.upstreams.list.query();
    const known = upstream!.targets[0]!.id;
    for (const action of ['resetCircuit', 'endCooldown'] as const) {
      const error = await rejection(hw.client.targets[action].mutate({ id: known, node: 'no-such-node' }));
      expect(error.data?.code).toBe('NOT_FOUND');
      expect(error.message).toBe('no node "no-such-node" in the fleet (see nodes.list)');
      expect(await codeOf(hw.client.targets[action].mutate({ id: known, node: '' }))).toBe('BAD_REQUEST');
    }
    expect(await codeOf(hw.client.targets.drain.mutate({ id: '' }))).toBe('BAD_REQUEST');
    expect(await codeOf(hw.client.events.list.query({ limit: 0 }))).toBe('BAD_REQUEST');
    expect(await codeOf(hw.client.events.list.query({ limit: 501 }))).toBe('BAD_REQUEST');
  });
});

describe('events.list', () => {
  it('lists newest first, filters by upstream, and caps at the limit (default 100)', async () => {
    const all = await hw.client.events.list.query({});
    expect(all.length).toBeGreaterThan(3);
    expect(all.length).toBeLessThanOrEqual(100);
    expect(typeof all[0]!.at).toBe('number');
    expect(all.map((e) => e.at)).toEqual([...all.map((e) => e.at)].sort((x, y) => y - x));
    const two = await hw.client.events.list.query({ limit: 2 });
    expect(two).toEqual(all.slice(0, 2));
    const limited = await hw.client.events.list.query({ upstream: 'limited' });
    expect(limited.length).toBeGreaterThan(0);
    expect(limited.every((e) => e.upstream === 'limited')).toBe(true);
  });
});
