import { writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import {
  closedPort,
  gridCell,
  resetGateway,
  spread,
  startTestRuntime,
  startWithBackends,
  stopAll,
  storedEvents,
  type TestRuntime,
  waitFor,
} from './harness.ts';
import { startForwardProxy } from './support/forward-proxy.ts';

// Short cadences so a flip takes a few hundred milliseconds: every wait below is on a
// condition of the live grid or the event log, with a deadline, never a fixed sleep.
const fast = {
  timeoutMs: 200,
  healthy: { intervalMs: 100, successes: 2 },
  unhealthy: { intervalMs: 50, httpFailures: 2, tcpFailures: 2, timeouts: 2 },
};

let hw: TestRuntime;
let a: FakeBackend;
let b: FakeBackend;
beforeAll(async () => {
  [hw, a, b] = (await startWithBackends('a', 'b')) as [TestRuntime, FakeBackend, FakeBackend];
});
afterAll(() => stopAll(hw, a, b));
afterEach(() => resetGateway(hw, a, b));

const cellOf = (upstream: string, port: number) => gridCell(hw, upstream, port);

const until = (
  what: string,
  upstream: string,
  port: number,
  check: (cell: NonNullable<Awaited<ReturnType<typeof cellOf>>>) => boolean,
  timeoutMs = 10_000,
) =>
  waitFor(
    what,
    async () => {
      const cell = await cellOf(upstream, port);
      return cell && check(cell) ? cell : undefined;
    },
    timeoutMs,
  );

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
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
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

describe('active health checks', () => {
  it('takes a target whose probes fail out of the rotation and brings it back through slow start', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'probed',
      slowStartMs: 2_000,
      healthChecks: { active: fast },
      targets: [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
    });
    // Both start with slow start (their first pass); b must be past it, or it would be ramping too.
    await until('b healthy at full weight', 'probed', b.port, (cell) => cell.active === 'healthy' && cell.slowStartPct === null, 5_000);
    await until('a healthy', 'probed', a.port, (cell) => cell.active === 'healthy');

    a.setMode({ kind: 'status', status: 503 }); // /health answers 503 from now on
    const down = await until('a unhealthy', 'probed', a.port, (cell) => cell.active === 'unhealthy');
    expect(down.state).toBe('unhealthy');
    expect(down.reasons.join(' ')).toMatch(/2 HTTP failures \(last 503\)/);
    // a would answer 503 (and spread throws on any non-200): all traffic goes to b.
    expect(await spread(hw.dataUrl, 'probed', 20)).toEqual({ b: 20 });
    a.setMode({ kind: 'ok' });

    // Recovery: healthy.successes passes, then a ramps up from 10 % of its weight.
    const back = await until('a healthy again', 'probed', a.port, (cell) => cell.active === 'healthy');
    expect(back.slowStartPct).not.toBeNull();
    const early = await spread(hw.dataUrl, 'probed', 40);
    expect(early.a ?? 0).toBeGreaterThan(0);
    expect(early.a ?? 0).toBeLessThan(10); // well under its weight share of 20 (factor 0.1 to ~0.2)
    await until('slow start over', 'probed', a.port, (cell) => cell.slowStartPct === null, 5_000);
    const later = await spread(hw.dataUrl, 'probed', 40);
    expect(later.a).toBeGreaterThanOrEqual(18);
    expect(later.a).toBeLessThanOrEqual(22);

    const active = (await storedEvents(hw.databaseUrl, 'probed')).filter(
      (event) => event.kind === 'active' && event.target === `127.0.0.1:${a.port}`,
    );
    expect(active.map((event) => `${event.from}->${event.to}: ${event.reason}`)).toEqual([
      'awaiting->healthy: first check passed',
      'healthy->unhealthy: 2 HTTP failures (last 503)',
      'unhealthy->healthy: 2 successes',
    ]);
  });

  it('counts probe timeouts against unhealthy.timeouts', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'hanging',
      healthChecks: { active: { ...fast, unhealthy: { ...fast.unhealthy, timeouts: 3 } } },
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    await until('a healthy', 'hanging', a.port, (cell) => cell.active === 'healthy');
    a.setMode({ kind: 'hang' });
    const started = Date.now();
    const down = await until('a unhealthy', 'hanging', a.port, (cell) => cell.active === 'unhealthy');
    expect(down.reasons.join(' ')).toMatch(/3 timeouts/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * fast.timeoutMs);
  });

  it('counts refused connections against unhealthy.tcpFailures, for http and tcp probes', async () => {
    const port = await closedPort();
    await hw.client.upstreams.create.mutate({ name: 'refused', healthChecks: { active: fast }, targets: [{ host: '127.0.0.1', port }] });
    const down = await until('unhealthy', 'refused', port, (cell) => cell.active === 'unhealthy');
    expect(down.reasons.join(' ')).toMatch(/2 TCP failures \(connection refused\)/);

    await hw.client.upstreams.create.mutate({
      name: 'tcp',
      healthChecks: { active: { ...fast, type: 'tcp' } },
      targets: [
        { host: '127.0.0.1', port },
        { host: '127.0.0.1', port: a.port },
      ],
    });
    const tcpDown = await until('tcp probe unhealthy', 'tcp', port, (cell) => cell.active === 'unhealthy');
    expect(tcpDown.reasons.join(' ')).toMatch(/2 TCP failures \(connection refused\)/);
    const probesBefore = a.probes.count;
    await until('tcp probe healthy', 'tcp', a.port, (cell) => cell.active === 'healthy');
    expect(a.probes.count).toBe(probesBefore); // a tcp probe only connects: no HTTP request
  });

  it('keeps a new target out of the rotation until its first probe passes', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'joining',
      slowStartMs: 0,
      healthChecks: { active: fast },
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    await until('a healthy', 'joining', a.port, (cell) => cell.active === 'healthy');

    b.setMode({ kind: 'status', status: 503 }); // b's probes fail, and so would its traffic
    await hw.client.targets.create.mutate({ upstream: 'joining', target: { host: '127.0.0.1', port: b.port } });
    const probesBefore = b.probes.count;
    const waiting = await until(
      'b probed and still waiting',
      'joining',
      b.port,
      (cell) => cell.active === 'awaiting' && b.probes.count > probesBefore,
    );
    expect(waiting.reasons).toContain('awaiting first check');
    expect(await spread(hw.dataUrl, 'joining', 10)).toEqual({ a: 10 });

    b.setMode({ kind: 'ok' });
    const joined = await until('b healthy', 'joining', b.port, (cell) => cell.active === 'healthy');
    expect(joined.state).toBe('healthy');
    expect(await spread(hw.dataUrl, 'joining', 10)).toEqual({ a: 5, b: 5 });
  });

  it("probes only the target whose own active block turns checks on, at that block's path", async () => {
    const recorder = await startRecorder();
    try {
      await hw.client.upstreams.create.mutate({
        name: 'override',
        targets: [
          { host: '127.0.0.1', port: recorder.port, healthChecks: { active: { ...fast, path: '/v1/models' } } },
          { host: '127.0.0.1', port: b.port },
        ],
      });
      const bProbes = b.probes.count;
      await until('recorder healthy', 'override', recorder.port, (cell) => cell.active === 'healthy');
      await waitFor('a few probes', () => recorder.seen.length >= 3);
      expect(new Set(recorder.seen.map((seen) => `${seen.method} ${seen.path}`))).toEqual(new Set(['GET /v1/models']));
      const other = await cellOf('override', b.port);
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
            ...fast,
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
        healthChecks: { active: { ...fast, timeoutMs: 500, concurrency: 2, healthy: { intervalMs: 20, successes: 1 } } },
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
        active: { ...fast, timeoutMs: 400, unhealthy: { intervalMs: 50, httpFailures: 255, tcpFailures: 255, timeouts: 255 } },
        passive: { consecutiveFailures: 1, minRequests: 1 },
      },
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    await until('a healthy', 'not-traffic', a.port, (cell) => cell.active === 'healthy');
    const servedBefore = a.served;
    a.setMode({ kind: 'hang' });
    const hanging = a.probes.count;
    await waitFor('a probe hanging at a', () => a.probes.count > hanging);
    const during = await cellOf('not-traffic', a.port);
    expect(during).toMatchObject({ inFlight: 0, circuit: 'closed', latencyMs: null });

    a.setMode({ kind: 'status', status: 503 });
    const failing = a.probes.count;
    await waitFor('several failed probes', () => a.probes.count >= failing + 5);
    const after = await cellOf('not-traffic', a.port);
    expect(after).toMatchObject({ inFlight: 0, circuit: 'closed', latencyMs: null, active: 'healthy' });
    expect(a.served).toBe(servedBefore);
    const kinds = (await storedEvents(hw.databaseUrl, 'not-traffic')).map((event) => event.kind);
    expect(kinds).not.toContain('circuit');
  });

  it('goes through the forward proxy, and a proxy failure leaves the target healthy', async () => {
    const proxy = await startForwardProxy();
    let proxyClosed = false;
    try {
      await hw.client.upstreams.create.mutate({
        name: 'proxied',
        proxy: { host: '127.0.0.1', port: proxy.port },
        healthChecks: { active: fast },
        targets: [{ host: '127.0.0.1', port: a.port }],
      });
      await hw.client.upstreams.create.mutate({
        name: 'proxied-tcp',
        proxy: { host: '127.0.0.1', port: proxy.port },
        healthChecks: { active: { ...fast, type: 'tcp' } },
        targets: [{ host: '127.0.0.1', port: b.port }],
      });
      await until('a healthy', 'proxied', a.port, (cell) => cell.active === 'healthy');
      await until('b healthy', 'proxied-tcp', b.port, (cell) => cell.active === 'healthy');
      expect(a.probes.count).toBeGreaterThan(0);
      const tunnels = proxy.log.filter((entry) => entry.method === 'CONNECT' && entry.status === 200).map((entry) => entry.target);
      expect(tunnels).toContain(`127.0.0.1:${a.port}`);
      expect(tunnels).toContain(`127.0.0.1:${b.port}`);
      expect(proxy.log.every((entry) => entry.method === 'CONNECT')).toBe(true);

      // The proxy goes away: probes fail at the proxy, which is the proxy's fact, not the targets'.
      await proxy.close();
      proxyClosed = true;
      await waitFor(
        'the proxy to be reported down',
        async () =>
          (await storedEvents(hw.databaseUrl, 'proxied-tcp')).some((event) => event.kind === 'proxy' && event.to === 'down') &&
          (await storedEvents(hw.databaseUrl, 'proxied')).some((event) => event.kind === 'proxy' && event.to === 'down'),
      );
      // Several more probe attempts fail at the proxy (every fast interval, at most).
      const downAt = Date.now();
      await waitFor('more failed probe attempts', () => Date.now() > downAt + 6 * fast.healthy.intervalMs);
      expect(await cellOf('proxied', a.port)).toMatchObject({ active: 'healthy', state: 'healthy' });
      expect(await cellOf('proxied-tcp', b.port)).toMatchObject({ active: 'healthy', state: 'healthy' });
      for (const name of ['proxied', 'proxied-tcp']) {
        const active = (await storedEvents(hw.databaseUrl, name)).filter((event) => event.kind === 'active');
        expect(active.map((event) => event.to)).toEqual(['healthy']);
      }
    } finally {
      if (!proxyClosed) await proxy.close();
    }
  });
});

describe('/readyz at start-up', () => {
  it("waits for each checked target's first probe, at most the probe timeout + 1 s", async () => {
    const backend = await startFakeBackend({ name: 'slow' });
    backend.setMode({ kind: 'hang' });
    const dir = mkdtempSync(join(tmpdir(), 'headwater-readyz-'));
    const file = join(dir, 'config.yaml');
    writeFileSync(
      file,
      [
        'upstreams:',
        '  - name: starting',
        '    healthChecks:',
        '      active: { timeoutMs: 1000, unhealthy: { intervalMs: 5000 } }',
        '    targets:',
        `      - { host: 127.0.0.1, port: ${backend.port} }`,
        '',
      ].join('\n'),
    );
    const starting = Date.now();
    const node = await startTestRuntime({ env: { HEADWATER_CONFIG: file } });
    const listening = Date.now();
    try {
      expect((await fetch(`${node.adminUrl}/readyz`)).status).toBe(503); // its first probe hangs for 1 s
      await waitFor('ready', async () => (await fetch(`${node.adminUrl}/readyz`)).status === 200, 5_000);
      expect(Date.now() - starting).toBeGreaterThanOrEqual(1_000); // the probe timed out: done, whatever its verdict
      expect(Date.now() - listening).toBeLessThan(1_000 + 1_000);
      expect(backend.probes.count).toBe(1);
    } finally {
      await node.stop();
      await backend.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
