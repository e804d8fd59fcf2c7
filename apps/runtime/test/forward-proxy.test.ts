import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, startTestRuntime, waitFor, type TestRuntime } from './harness.ts';
import { startForwardProxy, type ForwardProxy } from './support/forward-proxy.ts';

// The forward proxy, end to end: a real runtime, real backends on loopback and a real
// CONNECT-only proxy whose own log says what went through it. Failures of the proxy are in
// forward-proxy-failures.test.ts.

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
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
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
});
