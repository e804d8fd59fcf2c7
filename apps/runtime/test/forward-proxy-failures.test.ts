import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, gridCell, resetGateway, startWithBackends, stopAll, storedEvents, type TestRuntime, waitFor } from './harness.ts';
import { connectTarget, startBrokenProxy } from './support/broken-proxy.ts';
import { fastActiveChecks } from './support/fast-active-checks.ts';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.ts';
import { waitForCell } from './support/wait-for-cell.ts';

// When the forward proxy fails (gone, refusing a target, hanging up, silent), callers get a
// clear answer and the failure is charged to the proxy, never to the targets behind it, unless
// the proxy says the target itself is unreachable.

let hw: TestRuntime;
let a: FakeBackend;
let b: FakeBackend;
const cleanups: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  [hw, a, b] = (await startWithBackends('a', 'b')) as [TestRuntime, FakeBackend, FakeBackend];
});
afterAll(() => stopAll(hw, a, b));
afterEach(async () => {
  await resetGateway(hw, a, b);
  while (cleanups.length) await cleanups.pop()!();
});

async function proxyOn(options?: Parameters<typeof startForwardProxy>[0]): Promise<ForwardProxy> {
  const proxy = await startForwardProxy(options);
  cleanups.push(() => proxy.close());
  return proxy;
}

/** A loopback port where a proxy listened a moment ago and nothing listens now. */
async function vacatedPort(): Promise<number> {
  const gone = await startForwardProxy();
  await gone.close();
  return gone.port;
}

const gridOf = async (upstream: string) => (await hw.client.states.get.query()).upstreams.find((u) => u.name === upstream)!;
const errorOf = (text: string) =>
  (JSON.parse(text) as { error: { type: string; message: string; upstream: string; attempts: number } }).error;

describe('forward proxy failures', () => {
  it('with the proxy down, callers get 502 proxy_unreachable, targets keep their health, and the proxy state goes down then up', async () => {
    const proxyPort = await vacatedPort();
    await hw.client.upstreams.create.mutate({
      name: 'proxy-down',
      slowStartMs: 0,
      retries: 2,
      proxy: { host: '127.0.0.1', port: proxyPort },
      healthChecks: { passive: { consecutiveFailures: 3, minRequests: 2 } },
      targets: [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
    });
    expect((await gridOf('proxy-down')).proxy).toEqual({ host: '127.0.0.1', port: proxyPort, status: 'unknown', detail: '', since: null });
    const served = a.served + b.served;

    for (let index = 0; index < 8; index++) {
      const answer = await call(hw.dataUrl, 'proxy-down');
      expect(answer.status).toBe(502);
      // One attempt: every target shares the proxy, so trying another one cannot help.
      expect(errorOf(answer.text)).toEqual({
        type: 'proxy_unreachable',
        message: 'proxy unreachable (ECONNREFUSED)',
        upstream: 'proxy-down',
        attempts: 1,
      });
    }
    expect(a.served + b.served).toBe(served);
    const down = await gridOf('proxy-down');
    expect(down.proxy).toMatchObject({ status: 'down', detail: 'proxy unreachable (ECONNREFUSED)' });
    expect(down.proxy?.since).toEqual(expect.any(Number));
    for (const cell of down.targets) expect(cell).toMatchObject({ state: 'healthy', circuit: 'closed', reasons: [] });

    // The proxy comes back where it was: the next request goes through and the state is up.
    const back = await proxyOn({ port: proxyPort });
    const answer = await call(hw.dataUrl, 'proxy-down');
    expect(answer.status).toBe(200);
    expect(back.log).toHaveLength(1);
    const up = await gridOf('proxy-down');
    expect(up.proxy).toMatchObject({ status: 'up', detail: '' });
    for (const cell of up.targets) expect(cell).toMatchObject({ state: 'healthy', circuit: 'closed' });

    const proxyEvents = (await hw.client.events.list.query({ upstream: 'proxy-down' })).filter((event) => event.kind === 'proxy');
    expect(proxyEvents.map((event) => `${event.from}->${event.to}`).reverse()).toEqual(['unknown->down', 'down->up']);
  });

  it("treats the proxy's 502 to a CONNECT as the target's connect error: retried on the other target, the caller sees one success", async () => {
    const proxy = await proxyOn();
    const deadPort = await vacatedPort(); // the proxy cannot reach a target there
    const upstream = await hw.client.upstreams.create.mutate({
      name: 'one-down',
      slowStartMs: 0,
      retries: 1,
      proxy: { host: '127.0.0.1', port: proxy.port },
      healthChecks: { passive: { consecutiveFailures: 2 } },
      targets: [
        { host: '127.0.0.1', port: deadPort },
        { host: '127.0.0.1', port: a.port },
      ],
    });
    const deadId = upstream.targets.find((target) => target.port === deadPort)!.id;

    const answers = [];
    for (let index = 0; index < 6; index++) answers.push(await call(hw.dataUrl, 'one-down'));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.headers['x-backend']).toBe('a');
    }
    // Some requests tried the dead target first and were answered on their second attempt.
    expect(answers.some((answer) => answer.headers['x-headwater-attempts'] === '2')).toBe(true);
    expect(proxy.log).toContainEqual({ method: 'CONNECT', target: `127.0.0.1:${deadPort}`, status: 502 });

    // The failures are the dead target's (its circuit opened), not the proxy's.
    const grid = await gridOf('one-down');
    expect(grid.proxy).toMatchObject({ status: 'up' });
    expect(grid.targets.find((cell) => cell.id === deadId)).toMatchObject({ circuit: 'open' });
    expect(grid.targets.find((cell) => cell.port === a.port)).toMatchObject({ state: 'healthy', circuit: 'closed' });
  });

  it('a proxy that drops the connection during CONNECT is a proxy failure, dialled once per request, not in a loop', async () => {
    const broken = await startBrokenProxy((socket) => socket.once('data', () => socket.destroy()));
    cleanups.push(() => broken.close());
    await hw.client.upstreams.create.mutate({
      name: 'dropping',
      proxy: { host: '127.0.0.1', port: broken.port },
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    // undici 7 redials at once after a connector error coded UND_ERR_SOCKET (thousands a
    // second, the caller never answered); ours is coded so the request fails instead. A redial
    // loop would dial again before the next request's turn, so each answer is the moment to count.
    for (let requests = 1; requests <= 3; requests++) {
      const answer = await call(hw.dataUrl, 'dropping');
      expect(answer.status).toBe(502);
      expect(errorOf(answer.text)).toMatchObject({
        type: 'proxy_unreachable',
        message: 'proxy closed the connection during CONNECT',
        attempts: 1,
      });
      expect(broken.connections()).toBe(requests);
    }
    expect((await gridOf('dropping')).targets[0]).toMatchObject({ state: 'healthy', circuit: 'closed' });
  });

  it("a CONNECT the proxy does not answer within connectMs is the target's connect error, retried on another target", async () => {
    const silent = await startBrokenProxy(() => undefined);
    cleanups.push(() => silent.close());
    const connectMs = 300;
    await hw.client.upstreams.create.mutate({
      name: 'silent',
      retries: 1,
      timeouts: { connectMs },
      proxy: { host: '127.0.0.1', port: silent.port },
      targets: [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
    });
    const started = Date.now();
    const answer = await call(hw.dataUrl, 'silent');
    // Two attempts of connectMs each, against undici's own default for the CONNECT answer (its
    // 300 s headers timeout): any bound between the two tells them apart; this one is generous.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer.status).toBe(502);
    // Both targets were tried (connect-error is retried), and neither failure is the proxy's.
    expect(errorOf(answer.text)).toMatchObject({ type: 'upstream_transport', attempts: 2 });
    expect(errorOf(answer.text).message).toMatch(/^connect-error at target [0-9a-f-]{36}$/); // its id, never its address
    expect(silent.connections()).toBe(2);
    expect((await gridOf('silent')).proxy?.status).not.toBe('down');
  });

  it('sends probes through the proxy, and a proxy failure leaves the probed targets healthy', async () => {
    const proxy = await startForwardProxy();
    let proxyClosed = false;
    try {
      await hw.client.upstreams.create.mutate({
        name: 'proxied',
        proxy: { host: '127.0.0.1', port: proxy.port },
        healthChecks: { active: fastActiveChecks },
        targets: [{ host: '127.0.0.1', port: a.port }],
      });
      await hw.client.upstreams.create.mutate({
        name: 'proxied-tcp',
        proxy: { host: '127.0.0.1', port: proxy.port },
        healthChecks: { active: { ...fastActiveChecks, type: 'tcp' } },
        targets: [{ host: '127.0.0.1', port: b.port }],
      });
      await waitForCell(hw, 'a healthy', { upstream: 'proxied', port: a.port }, (cell) => cell.active === 'healthy');
      await waitForCell(hw, 'b healthy', { upstream: 'proxied-tcp', port: b.port }, (cell) => cell.active === 'healthy');
      expect(a.probes.count).toBeGreaterThan(0);
      const tunnels = proxy.log.filter((entry) => entry.method === 'CONNECT' && entry.status === 200).map((entry) => entry.target);
      expect(tunnels).toContain(`127.0.0.1:${a.port}`);
      expect(tunnels).toContain(`127.0.0.1:${b.port}`);
      expect(proxy.log.every((entry) => entry.method === 'CONNECT')).toBe(true);

      // The proxy goes away: probes fail at the proxy, which is the proxy's fact, not the targets'.
      await proxy.close();
      proxyClosed = true;
      const proxyDown = async (upstream: string) =>
        (await storedEvents(hw.databaseUrl, upstream)).some((event) => event.kind === 'proxy' && event.to === 'down');
      await waitFor('the proxy to be reported down', async () => (await proxyDown('proxied-tcp')) && (await proxyDown('proxied')));

      // Then something that is no proxy takes its port and hangs up on every CONNECT, so each
      // further probe attempt is seen (and fails at the proxy again) instead of slept through.
      const attempts: string[] = [];
      const impostor = await startBrokenProxy(
        (socket) =>
          socket.once('data', (head: Buffer) => {
            attempts.push(connectTarget(head));
            socket.destroy();
          }),
        { port: proxy.port },
      );
      cleanups.push(() => impostor.close());
      const attemptsAt = (port: number) => attempts.filter((target) => target === `127.0.0.1:${port}`).length;
      await waitFor('three more failed probe attempts at each target', () => attemptsAt(a.port) >= 3 && attemptsAt(b.port) >= 3);

      for (const [name, port] of [
        ['proxied', a.port],
        ['proxied-tcp', b.port],
      ] as const) {
        expect(await gridCell(hw, name, port)).toMatchObject({ active: 'healthy', state: 'healthy' });
        const active = (await storedEvents(hw.databaseUrl, name)).filter((event) => event.kind === 'active');
        expect(active.map((event) => event.to)).toEqual(['healthy']);
      }
    } finally {
      if (!proxyClosed) await proxy.close();
    }
  });
});
