import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBackend } from '../demo/fake-ai-backend.ts';
import { gridCell, resetGateway, startWithBackends, stopAll, storedEvents, type TestRuntime, waitFor } from './harness.ts';
import { fastActiveChecks } from './support/fast-active-checks.ts';
import { waitForCell } from './support/wait-for-cell.ts';

// The probes themselves: which targets get them, what they send, how many run at once, and
// that a probe is never mistaken for traffic.

let hw: TestRuntime;
let a: FakeBackend;
let b: FakeBackend;
beforeAll(async () => {
  [hw, a, b] = (await startWithBackends('a', 'b')) as [TestRuntime, FakeBackend, FakeBackend];
});
afterAll(() => stopAll(hw, a, b));
afterEach(() => resetGateway(hw, a, b));

/** Requests being answered right now, across the servers that share it, and the most at once. */
const concurrency = () => ({ now: 0, max: 0 });

/** A server that answers 200 to everything (after `delayMs`) and records what it was asked. */
async function startRecorder(options: { delayMs?: number; shared?: ReturnType<typeof concurrency> } = {}) {
  const seen: Array<{ method: string; path: string; headers: IncomingHttpHeaders; body: string }> = [];
  const own = concurrency();
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    seen.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, body });
    for (const counter of [own, options.shared]) if (counter) counter.max = Math.max(counter.max, ++counter.now);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs)); // a slow answer, not a wait
    for (const counter of [own, options.shared]) if (counter) counter.now--;
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    seen,
    concurrent: own,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('active health check probes', () => {
  it("probes only the target whose own active block turns checks on, at that block's path", async () => {
    const recorder = await startRecorder();
    try {
      await hw.client.upstreams.create.mutate({
        name: 'override',
        targets: [
          { host: '127.0.0.1', port: recorder.port, healthChecks: { active: { ...fastActiveChecks, path: '/v1/models' } } },
          { host: '127.0.0.1', port: b.port },
        ],
      });
      const bProbes = b.probes.count;
      await waitForCell(hw, 'recorder healthy', { upstream: 'override', port: recorder.port }, (cell) => cell.active === 'healthy');
      await waitFor('a few probes', () => recorder.seen.length >= 3);
      expect(new Set(recorder.seen.map((seen) => `${seen.method} ${seen.path}`))).toEqual(new Set(['GET /v1/models']));
      const other = await gridCell(hw, 'override', b.port);
      expect(other?.active).toBe('off');
      expect(b.probes.count).toBe(bProbes);
    } finally {
      await recorder.close();
    }
  });

  it("sends the probe's method, body and headers with the target's injected headers and Host", async () => {
    const recorder = await startRecorder();
    try {
      await hw.client.upstreams.create.mutate({
        name: 'headers',
        healthChecks: {
          active: {
            ...fastActiveChecks,
            method: 'POST',
            path: '/ping',
            body: '{"probe":true}',
            headers: { 'x-probe': 'yes', authorization: 'Bearer probe-own' },
          },
        },
        targets: [{ host: '127.0.0.1', port: recorder.port, headers: { authorization: 'Bearer injected-key', 'x-tenant': 't1' } }],
      });
      const probe = await waitFor('a probe', () => recorder.seen[0]);
      expect(probe).toMatchObject({ method: 'POST', path: '/ping', body: '{"probe":true}' });
      expect(probe.headers).toMatchObject({
        'x-probe': 'yes',
        authorization: 'Bearer injected-key',
        'x-tenant': 't1',
        host: `127.0.0.1:${recorder.port}`,
      });
    } finally {
      await recorder.close();
    }
  });

  it('runs at most `concurrency` probes at once per upstream, and one per target', async () => {
    const shared = concurrency();
    const recorders = await Promise.all(Array.from({ length: 4 }, () => startRecorder({ delayMs: 120, shared })));
    try {
      await hw.client.upstreams.create.mutate({
        name: 'limited',
        // A probe lasts longer than the fast interval: without the guard a target would be probed twice at once.
        healthChecks: { active: { ...fastActiveChecks, timeoutMs: 500, concurrency: 2, healthy: { intervalMs: 20, successes: 1 } } },
        targets: recorders.map((recorder) => ({ host: '127.0.0.1', port: recorder.port })),
      });
      await waitFor('every target probed three times', () => recorders.every((recorder) => recorder.seen.length >= 3), 10_000);
      expect(shared.max).toBe(2);
      for (const recorder of recorders) expect(recorder.concurrent.max).toBe(1);
    } finally {
      await hw.client.upstreams.delete.mutate({ name: 'limited' });
      await Promise.all(recorders.map((recorder) => recorder.close()));
    }
  });

  it('never counts a probe as traffic: no in-flight, no latency, no circuit', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'not-traffic',
      healthChecks: {
        active: {
          ...fastActiveChecks,
          timeoutMs: 400,
          unhealthy: { intervalMs: 50, httpFailures: 255, tcpFailures: 255, timeouts: 255 },
        },
        passive: { consecutiveFailures: 1, minRequests: 1 },
      },
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    await waitForCell(hw, 'a healthy', { upstream: 'not-traffic', port: a.port }, (cell) => cell.active === 'healthy');
    const servedBefore = a.served;
    a.setMode({ kind: 'hang' });
    const hanging = a.probes.count;
    await waitFor('a probe hanging at a', () => a.probes.count > hanging);
    const during = await gridCell(hw, 'not-traffic', a.port);
    expect(during).toMatchObject({ inFlight: 0, circuit: 'closed', latencyMs: null });

    a.setMode({ kind: 'status', status: 503 });
    const failing = a.probes.count;
    await waitFor('several failed probes', () => a.probes.count >= failing + 5);
    const after = await gridCell(hw, 'not-traffic', a.port);
    expect(after).toMatchObject({ inFlight: 0, circuit: 'closed', latencyMs: null, active: 'healthy' });
    expect(a.served).toBe(servedBefore);
    const kinds = (await storedEvents(hw.databaseUrl, 'not-traffic')).map((event) => event.kind);
    expect(kinds).not.toContain('circuit');
  });
});
