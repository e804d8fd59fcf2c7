import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, startTestRuntime, waitFor, type TestRuntime } from './harness.ts';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.ts';

// The forward proxy, end to end: a real runtime, real backends on loopback and a real
// CONNECT-only proxy whose own log says what went through it.

const PROXY_PASSWORD = 'proxy-pw-7c1e9a0f4b';
const WRONG_PASSWORD = 'not-the-pw-55d2e8a1';

/** A backend that records the remote port of every request's connection. */
interface RecordingBackend {
  name: string;
  port: number;
  remotePorts: number[];
  close(): Promise<void>;
}

async function startRecordingBackend(name: string): Promise<RecordingBackend> {
  const remotePorts: number[] = [];
  const server: Server = createServer((req, res) => {
    remotePorts.push(req.socket.remotePort ?? 0);
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-backend': name });
      res.end(JSON.stringify({ backend: name }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    name,
    port: (server.address() as AddressInfo).port,
    remotePorts,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

/** A raw TCP server standing in for a broken proxy. */
async function startBrokenProxy(
  onConnection: (socket: import('node:net').Socket) => void,
): Promise<{ port: number; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const sockets = new Set<import('node:net').Socket>();
  const server: NetServer = createNetServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

let hw: TestRuntime;
let a: FakeBackend;
let b: FakeBackend;
const stdout: string[] = [];
const cleanups: Array<() => Promise<unknown>> = [];

beforeAll(async () => {
  // The access log goes to stdout: capture it to prove it never carries the proxy password.
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    if (text.includes('"msg":"access"')) {
      stdout.push(text);
      return true;
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write);
  [hw, a, b] = await Promise.all([
    startTestRuntime({ env: { HEADWATER_ACCESS_LOG: 'on' } }),
    startFakeBackend({ name: 'a' }),
    startFakeBackend({ name: 'b' }),
  ]);
});
afterAll(async () => {
  await Promise.all([hw.stop(), a.close(), b.close()]);
  vi.restoreAllMocks();
});
afterEach(async () => {
  for (const upstream of await hw.client.upstreams.list.query()) await hw.client.upstreams.delete.mutate({ name: upstream.name });
  while (cleanups.length) await cleanups.pop()!();
});

async function proxyOn(options?: Parameters<typeof startForwardProxy>[0]): Promise<ForwardProxy> {
  const proxy = await startForwardProxy(options);
  cleanups.push(() => proxy.close());
  return proxy;
}

const gridOf = async (upstream: string) => (await hw.client.states.get.query()).upstreams.find((u) => u.name === upstream)!;
const errorOf = (text: string) =>
  (JSON.parse(text) as { error: { type: string; message: string; upstream: string; attempts: number } }).error;

describe('forward proxy', () => {
  it('sends every request connection through the proxy: its log names exactly the targets, and the targets saw only the proxy', async () => {
    const [one, two] = await Promise.all([startRecordingBackend('one'), startRecordingBackend('two')]);
    cleanups.push(
      () => one.close(),
      () => two.close(),
    );
    const proxy = await proxyOn();
    await hw.client.upstreams.create.mutate({
      name: 'tunnelled',
      slowStartMs: 0,
      proxy: { host: '127.0.0.1', port: proxy.port },
      targets: [
        { host: '127.0.0.1', port: one.port },
        { host: '127.0.0.1', port: two.port },
      ],
    });

    const counts: Record<string, number> = {};
    for (let index = 0; index < 20; index++) {
      const answer = await call(hw.dataUrl, 'tunnelled');
      expect(answer.status).toBe(200);
      const backend = String(answer.headers['x-backend']);
      counts[backend] = (counts[backend] ?? 0) + 1;
    }
    expect(counts).toEqual({ one: 10, two: 10 });

    // The proxy tunnelled to exactly these two targets, and never saw a plain forward.
    expect(proxy.log.every((entry) => entry.method === 'CONNECT' && entry.status === 200)).toBe(true);
    expect(new Set(proxy.log.map((entry) => entry.target))).toEqual(new Set([`127.0.0.1:${one.port}`, `127.0.0.1:${two.port}`]));
    // Each connection a backend served came out of the proxy: its remote port is one of the
    // proxy's outbound sockets (keep-alive: a few tunnels carry all 20 requests).
    const outbound = new Set(proxy.log.map((entry) => entry.outboundPort));
    expect(one.remotePorts).toHaveLength(10);
    expect(two.remotePorts).toHaveLength(10);
    for (const port of [...one.remotePorts, ...two.remotePorts]) expect(outbound).toContain(port);
    expect(proxy.log.length).toBeLessThanOrEqual(4);

    expect((await gridOf('tunnelled')).proxy).toMatchObject({ host: '127.0.0.1', port: proxy.port, status: 'up', detail: '' });
  });

  it('authenticates with Basic credentials; wrong ones give callers 502 proxy_unreachable; the password never leaks', async () => {
    const proxy = await proxyOn({ username: 'ops', password: PROXY_PASSWORD });
    await hw.client.upstreams.create.mutate({
      name: 'authed',
      slowStartMs: 0,
      proxy: { host: '127.0.0.1', port: proxy.port, username: 'ops', password: PROXY_PASSWORD },
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    await hw.client.upstreams.create.mutate({
      name: 'refused',
      slowStartMs: 0,
      proxy: { host: '127.0.0.1', port: proxy.port, username: 'ops', password: WRONG_PASSWORD },
      targets: [{ host: '127.0.0.1', port: b.port }],
    });
    const servedByB = b.served;

    const ok = await call(hw.dataUrl, 'authed');
    expect(ok.status).toBe(200);
    expect(proxy.log).toEqual([expect.objectContaining({ method: 'CONNECT', target: `127.0.0.1:${a.port}`, status: 200, user: 'ops' })]);

    const refused = await call(hw.dataUrl, 'refused');
    expect(refused.status).toBe(502);
    expect(errorOf(refused.text)).toEqual({
      type: 'proxy_unreachable',
      message: 'proxy authentication failed (407)',
      upstream: 'refused',
      attempts: 1,
    });
    expect(proxy.log.at(-1)).toEqual({ method: 'CONNECT', target: `127.0.0.1:${b.port}`, status: 407 });
    expect(b.served).toBe(servedByB);
    expect((await gridOf('refused')).proxy).toMatchObject({ status: 'down', detail: 'proxy authentication failed (407)' });

    // Masked in the admin API, absent from the logger, the access log and the event log.
    const view = await hw.client.upstreams.get.query({ name: 'authed' });
    expect(view.proxy?.username).toBe('ops');
    expect(view.proxy?.password).not.toBe(PROXY_PASSWORD);
    const exposed = JSON.stringify([
      view,
      await hw.client.upstreams.get.query({ name: 'refused' }),
      await hw.client.upstreams.list.query(),
      await hw.client.states.get.query(),
      await hw.client.events.list.query({}),
      hw.logs,
    ]);
    await waitFor('access log lines', () => stdout.some((line) => line.includes('"upstream":"refused"')));
    expect(stdout.join('')).toContain('"outcome":"proxy-error"');
    for (const secret of [PROXY_PASSWORD, WRONG_PASSWORD, Buffer.from(`ops:${PROXY_PASSWORD}`).toString('base64')]) {
      expect(exposed).not.toContain(secret);
      expect(stdout.join('')).not.toContain(secret);
    }
  });

  it('with the proxy down, callers get 502 proxy_unreachable, targets keep their health, and the proxy state goes down then up', async () => {
    const gone = await startForwardProxy();
    const proxyPort = gone.port;
    await gone.close();
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
    const dead = await startForwardProxy(); // any free loopback port, then nothing listens there
    const deadPort = dead.port;
    await dead.close();
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
    const answer = await call(hw.dataUrl, 'dropping');
    expect(answer.status).toBe(502);
    expect(errorOf(answer.text)).toMatchObject({
      type: 'proxy_unreachable',
      message: 'proxy closed the connection during CONNECT',
      attempts: 1,
    });
    // undici 7 redials at once after a connector error coded UND_ERR_SOCKET (thousands a
    // second, the caller never answered); ours is coded so the request fails instead.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(broken.connections()).toBe(1);
    expect((await gridOf('dropping')).targets[0]).toMatchObject({ state: 'healthy', circuit: 'closed' });
  });

  it("a CONNECT the proxy does not answer within connectMs is the target's connect error, retried on another target", async () => {
    const silent = await startBrokenProxy(() => undefined);
    cleanups.push(() => silent.close());
    await hw.client.upstreams.create.mutate({
      name: 'silent',
      retries: 1,
      timeouts: { connectMs: 300 },
      proxy: { host: '127.0.0.1', port: silent.port },
      targets: [
        { host: '127.0.0.1', port: a.port },
        { host: '127.0.0.1', port: b.port },
      ],
    });
    const started = Date.now();
    const answer = await call(hw.dataUrl, 'silent');
    // undici's own default for the CONNECT answer would be its 300 s headers timeout.
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(answer.status).toBe(502);
    // Both targets were tried (connect-error is retried), and neither failure is the proxy's.
    expect(errorOf(answer.text)).toMatchObject({ type: 'upstream_transport', attempts: 2 });
    expect(errorOf(answer.text).message).toMatch(/^connect-error at 127\.0\.0\.1:/);
    expect((await gridOf('silent')).proxy?.status).not.toBe('down');
  });
});
