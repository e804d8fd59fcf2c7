import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, startTestRuntime, waitFor, type TestRuntime } from './harness.ts';

let hw: TestRuntime;
let backends: FakeBackend[];
beforeAll(async () => {
  hw = await startTestRuntime();
  backends = await Promise.all(['h0', 'h1', 'h2'].map((name) => startFakeBackend({ name })));
});
afterAll(async () => {
  await Promise.all([hw.stop(), ...backends.map((backend) => backend.close())]);
});
afterEach(async () => {
  for (const backend of backends) backend.setMode({ kind: 'ok' });
  for (const upstream of await hw.client.upstreams.list.query()) await hw.client.upstreams.delete.mutate({ name: upstream.name });
});

const targets = () => backends.map((backend) => ({ host: '127.0.0.1', port: backend.port }));

async function backendFor(upstream: string, headers: Record<string, string>) {
  const response = await request(`${hw.dataUrl}/v1/models`, { headers: { host: upstream, ...headers } });
  await response.body.text();
  return String(response.headers['x-backend']);
}

describe('consistent hashing', () => {
  it('sends every request with the same key to the same target, spreads keys, and re-homes only the keys of a target that leaves', async () => {
    const created = await hw.client.upstreams.create.mutate({
      name: 'sticky',
      algorithm: 'consistent-hash',
      hashOn: 'header:x-user-id',
      targets: targets(),
    });
    const keys = Array.from({ length: 60 }, (_, index) => `user-${index}`);
    const home = new Map<string, string>();
    for (const key of keys) home.set(key, await backendFor('sticky', { 'x-user-id': key }));
    for (const key of keys.slice(0, 10)) expect(await backendFor('sticky', { 'x-user-id': key })).toBe(home.get(key));
    expect(new Set(home.values()).size).toBe(3);

    const leaving = created.targets.find((target) => target.port === backends[2]!.port)!;
    await hw.client.targets.update.mutate({ id: leaving.id, changes: { adminState: 'disabled' } });
    for (const key of keys) {
      const now = await backendFor('sticky', { 'x-user-id': key });
      if (home.get(key) === 'h2') expect(now).not.toBe('h2');
      else expect(now).toBe(home.get(key));
    }
  });
});

describe('least connections', () => {
  it('sends new requests away from a target busy with a long request', async () => {
    backends[0]!.setMode({ kind: 'hang' });
    await hw.client.upstreams.create.mutate({
      name: 'least',
      algorithm: 'least-connections',
      slowStartMs: 0,
      targets: targets().slice(0, 2),
    });
    // Requests sent without waiting: those that land on h0 hang there, in flight.
    const parked: Promise<unknown>[] = [];
    await waitFor('a request in flight at h0', async () => {
      const cell = (await hw.client.states.get.query()).upstreams[0]!.targets.find((t) => t.port === backends[0]!.port)!;
      if (cell.inFlight >= 1) return true;
      parked.push(
        request(`${hw.dataUrl}/v1/models`, { headers: { host: 'least' } })
          .then((r) => r.body.text())
          .catch(() => undefined),
      );
      return false;
    });
    // h0 has a request in flight, h1 none between these sequential ones: h1 is always the least loaded.
    for (let index = 0; index < 6; index++) expect(await backendFor('least', {})).toBe('h1');
    backends[0]!.setMode({ kind: 'ok' });
    await backends[0]!.close(); // ends the parked requests
    backends[0] = await startFakeBackend({ name: 'h0' });
    await Promise.all(parked);
  });
});

describe('fail-open', () => {
  it('picks among enabled targets when none is eligible, and marks the response', async () => {
    for (const backend of backends) backend.setMode({ kind: 'status', status: 500 });
    await hw.client.upstreams.create.mutate({
      name: 'open',
      failOpen: true,
      retries: 0,
      slowStartMs: 0,
      healthChecks: { passive: { consecutiveFailures: 1, maxEjectionPct: 100, baseEjectionMs: 60_000 } },
      targets: targets(),
    });
    await waitFor('every circuit to open', async () => {
      await call(hw.dataUrl, 'open');
      return (await hw.client.states.get.query()).upstreams[0]!.targets.every((t) => t.circuit === 'open');
    });
    for (const backend of backends) backend.setMode({ kind: 'ok' });
    const response = await call(hw.dataUrl, 'open');
    expect(response.status).toBe(200);
    expect(response.headers['x-headwater-fail-open']).toBe('1');
  });

  it('answers 503 JSON without fail-open when no target is eligible', async () => {
    backends[0]!.setMode({ kind: 'status', status: 500 });
    await hw.client.upstreams.create.mutate({
      name: 'closed',
      retries: 0,
      healthChecks: { passive: { consecutiveFailures: 1, baseEjectionMs: 60_000 } },
      targets: targets().slice(0, 1),
    });
    await waitFor('the circuit to open', async () => {
      await call(hw.dataUrl, 'closed');
      return (await hw.client.states.get.query()).upstreams[0]!.targets[0]!.circuit === 'open';
    });
    const response = await call(hw.dataUrl, 'closed');
    expect(response.status).toBe(503);
    expect(JSON.parse(response.text)).toEqual({
      error: { type: 'no_eligible_target', message: 'no eligible target', upstream: 'closed', attempts: 0 },
    });
  });
});
