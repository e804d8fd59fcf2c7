import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startForwardProxy, type ForwardProxy } from './forward-proxy.ts';

// The test proxy itself: it must tunnel, refuse what it says it refuses, and log each CONNECT.

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

async function startProxy(options?: Parameters<typeof startForwardProxy>[0]): Promise<ForwardProxy> {
  const proxy = await startForwardProxy(options);
  closers.push(() => proxy.close());
  return proxy;
}

async function startBackend(): Promise<number> {
  const server: Server = createServer((req, res) => res.end(`hello ${req.socket.remotePort}`));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(
    () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  );
  return (server.address() as AddressInfo).port;
}

/** Sends a CONNECT and, when the tunnel opens, a GET through it. */
function tunnel(
  proxyPort: number,
  authority: string,
  auth?: string,
): Promise<{ status: number; body?: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({
      host: '127.0.0.1',
      port: proxyPort,
      method: 'CONNECT',
      path: authority,
      headers: auth ? { 'proxy-authorization': auth } : {},
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers });
        return;
      }
      const get = request(
        { createConnection: () => socket, host: authority.split(':')[0], path: '/', headers: { connection: 'close' } },
        (inner) => {
          let body = '';
          inner.on('data', (chunk) => (body += chunk));
          inner.on('end', () => resolve({ status: 200, body, headers: res.headers }));
        },
      );
      get.on('error', reject);
      get.end();
    });
    req.on('error', reject);
    req.end();
  });
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('test forward proxy', () => {
  it('tunnels CONNECT to a loopback target and logs it with the port the target sees', async () => {
    const proxy = await startProxy();
    const port = await startBackend();
    const answer = await tunnel(proxy.port, `127.0.0.1:${port}`);
    expect(answer.status).toBe(200);
    expect(proxy.log).toHaveLength(1);
    expect(proxy.log[0]).toMatchObject({ method: 'CONNECT', target: `127.0.0.1:${port}`, status: 200 });
    expect(answer.body).toBe(`hello ${proxy.log[0]?.outboundPort}`);
  });

  it('answers 502 when the target cannot be reached, 403 off loopback, 405 to plain forwarding', async () => {
    const proxy = await startProxy();
    const closedPort = await startBackend();
    await closers.pop()!();
    expect((await tunnel(proxy.port, `127.0.0.1:${closedPort}`)).status).toBe(502);
    expect((await tunnel(proxy.port, '192.0.2.1:80')).status).toBe(403);
    const plain = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: proxy.port, path: 'http://127.0.0.1:1/x' }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(plain).toBe(405);
    expect(proxy.log.map((entry) => entry.status)).toEqual([502, 403, 405]);
  });

  it('requires Basic credentials when configured: 407 with Proxy-Authenticate, then the user is logged', async () => {
    const proxy = await startProxy({ username: 'ops', password: 's3cret' });
    const port = await startBackend();
    const missing = await tunnel(proxy.port, `127.0.0.1:${port}`);
    expect(missing.status).toBe(407);
    expect(missing.headers['proxy-authenticate']).toMatch(/^Basic /);
    expect((await tunnel(proxy.port, `127.0.0.1:${port}`, basic('ops', 'wrong'))).status).toBe(407);
    expect((await tunnel(proxy.port, `127.0.0.1:${port}`, basic('ops', 's3cret'))).status).toBe(200);
    expect(proxy.log.map((entry) => [entry.status, entry.user])).toEqual([
      [407, undefined],
      [407, undefined],
      [200, 'ops'],
    ]);
  });
});
