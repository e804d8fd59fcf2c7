import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBackend } from '../demo/fake-ai-backend.ts';
import { closedPort, gridCell, resetGateway, spread, startWithBackends, stopAll, storedEvents, type TestRuntime } from './harness.ts';
import { fastActiveChecks } from './support/fast-active-checks.ts';
import { type GridCell, waitForCell } from './support/wait-for-cell.ts';

// Active health checks flipping targets: out of the rotation on failing probes, back in
// through slow start, and kept out until a new target's first probe passes.

let hw: TestRuntime;
let a: FakeBackend;
let b: FakeBackend;
beforeAll(async () => {
  [hw, a, b] = (await startWithBackends('a', 'b')) as [TestRuntime, FakeBackend, FakeBackend];
});
afterAll(() => stopAll(hw, a, b));
afterEach(() => resetGateway(hw, a, b));

const until = (what: string, upstream: string, port: number, check: (cell: GridCell) => boolean) =>
  waitForCell(hw, what, { upstream, port }, check);

/**
 * How many of `requests` round-robin picks a target ramping at `factorPct` % takes from a
 * peer at full weight: its effective weight's share, factor ÷ (1 + factor).
 */
const rampingShare = (requests: number, factorPct: number) => (requests * factorPct) / (100 + factorPct);

describe('active health checks', () => {
  it('takes a target whose probes fail out of the rotation and brings it back through slow start', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'probed',
      slowStartMs: 2_000,
      healthChecks: { active: fastActiveChecks },
      targets: [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
    });
    // Both start with slow start (their first pass); b must be past it, or it would be ramping too.
    await until('b healthy at full weight', 'probed', b.port, (cell) => cell.active === 'healthy' && cell.slowStartPct === null);
    await until('a healthy', 'probed', a.port, (cell) => cell.active === 'healthy');

    a.setMode({ kind: 'status', status: 503 }); // /health answers 503 from now on
    const down = await until('a unhealthy', 'probed', a.port, (cell) => cell.active === 'unhealthy');
    expect(down.state).toBe('unhealthy');
    expect(down.reasons.join(' ')).toMatch(/2 HTTP failures \(last 503\)/);
    // a would answer 503 (and spread throws on any non-200): all traffic goes to b.
    expect(await spread(hw.dataUrl, 'probed', 20)).toEqual({ b: 20 });
    a.setMode({ kind: 'ok' });

    // Recovery: healthy.successes passes, then a ramps up from 10 % of its weight. The factor
    // grows with real time, so the expected share comes from the factor the grid shows just
    // before and just after the requests (±1 for the round-robin's rounding), not from a guess
    // of how long the requests take on a loaded machine.
    const back = await until('a healthy again', 'probed', a.port, (cell) => cell.active === 'healthy');
    expect(back.slowStartPct).not.toBeNull();
    const early = await spread(hw.dataUrl, 'probed', 40);
    const fromPct = back.slowStartPct ?? 100;
    const toPct = (await gridCell(hw, 'probed', a.port))?.slowStartPct ?? 100;
    expect(fromPct).toBeGreaterThanOrEqual(10);
    expect(early.a ?? 0).toBeGreaterThanOrEqual(Math.floor(rampingShare(40, fromPct)) - 1); // at least 2 of 40: it is back
    expect(early.a ?? 0).toBeLessThanOrEqual(Math.ceil(rampingShare(40, toPct)) + 1); // no more than its ramp allowed

    await until('slow start over', 'probed', a.port, (cell) => cell.slowStartPct === null);
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
      healthChecks: { active: { ...fastActiveChecks, unhealthy: { ...fastActiveChecks.unhealthy, timeouts: 3 } } },
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    await until('a healthy', 'hanging', a.port, (cell) => cell.active === 'healthy');
    a.setMode({ kind: 'hang' });
    const started = Date.now();
    const down = await until('a unhealthy', 'hanging', a.port, (cell) => cell.active === 'unhealthy');
    expect(down.reasons.join(' ')).toMatch(/3 timeouts/);
    // A lower bound: load can only make three timed-out probes take longer.
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * fastActiveChecks.timeoutMs);
  });

  it('counts refused connections against unhealthy.tcpFailures, for http and tcp probes', async () => {
    const port = await closedPort();
    await hw.client.upstreams.create.mutate({
      name: 'refused',
      healthChecks: { active: fastActiveChecks },
      targets: [{ host: '127.0.0.1', port }],
    });
    const down = await until('unhealthy', 'refused', port, (cell) => cell.active === 'unhealthy');
    expect(down.reasons.join(' ')).toMatch(/2 TCP failures \(connection refused\)/);

    await hw.client.upstreams.create.mutate({
      name: 'tcp',
      healthChecks: { active: { ...fastActiveChecks, type: 'tcp' } },
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
      healthChecks: { active: fastActiveChecks },
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
});
