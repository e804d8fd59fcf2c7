import { request as rawRequest } from 'node:http';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { resetGateway, spread, startWithBackends, stopAll, type TestRuntime } from './harness.ts';

let hw: TestRuntime;
let a: FakeBackend;
let b: FakeBackend;
beforeAll(async () => {
  [hw, a, b] = (await startWithBackends('a', 'b')) as [TestRuntime, FakeBackend, FakeBackend];
});
afterAll(() => stopAll(hw, a, b));
afterEach(() => resetGateway(hw, a, b));

const send = (path: string, headers: Record<string, string> = {}, body?: string) =>
  request(`${hw.dataUrl}${path}`, { method: body === undefined ? 'GET' : 'POST', headers, body });

describe('routing and weighted round-robin', () => {
  it('spreads requests by weight (3:1) with the Host header', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'pool',
      slowStartMs: 0,
      targets: [
        { host: '127.0.0.1', port: a.port, weight: 300 },
        { host: '127.0.0.1', port: b.port, weight: 100 },
      ],
    });
    expect(await spread(hw.dataUrl, 'pool', 40)).toEqual({ a: 30, b: 10 });
  });

  it('routes by /u/{name}/ prefix, strips it, and answers 404 JSON for an unknown upstream', async () => {
    await hw.client.upstreams.create.mutate({ name: 'prefixed', targets: [{ host: '127.0.0.1', port: a.port }] });
    const response = await send('/u/prefixed/v1/chat/completions?x=1', { 'content-type': 'application/json' }, '{}');
    expect(response.statusCode).toBe(200);
    const body = (await response.body.json()) as { echo: { path: string } };
    expect(body.echo.path).toBe('/v1/chat/completions');

    const unknown = await send('/v1/models', { host: 'nope' });
    expect(unknown.statusCode).toBe(404);
    expect(await unknown.body.json()).toEqual({
      error: { type: 'unknown_upstream', message: 'no upstream named "nope"', upstream: 'nope', attempts: 0 },
    });
  });

  it("sets forwarded headers, drops hop-by-hop ones, and lets injected headers replace the caller's", async () => {
    const upstream = await hw.client.upstreams.create.mutate({
      name: 'headers',
      targets: [{ host: '127.0.0.1', port: a.port, headers: { authorization: 'Bearer injected-secret-key-0001' } }],
    });
    // The console sends masked values back; the stored secret must survive that.
    await hw.client.targets.update.mutate({ id: upstream.targets[0]!.id, changes: { headers: upstream.targets[0]!.headers } });
    // node:http sends the Connection header as given (undici's client would drop it).
    const { headers: responseHeaders, body } = await new Promise<{ headers: Record<string, unknown>; body: string }>((resolve, reject) => {
      const outgoing = rawRequest(`${hw.dataUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: {
          host: 'headers:8080',
          authorization: 'Bearer caller',
          connection: 'x-drop-me',
          'x-drop-me': '1',
          'content-type': 'application/json',
        },
      });
      outgoing.on('response', (incoming) => {
        let text = '';
        incoming.on('data', (chunk) => (text += chunk));
        incoming.on('end', () => resolve({ headers: incoming.headers, body: text }));
      });
      outgoing.on('error', reject);
      outgoing.end('{}');
    });
    expect(responseHeaders['x-headwater-target']).toBe(upstream.targets[0]!.id);
    expect(responseHeaders['x-headwater-attempts']).toBe('1');
    const { echo } = JSON.parse(body) as { echo: { headers: Record<string, string> } };
    expect(echo.headers).toMatchObject({
      host: `127.0.0.1:${a.port}`,
      authorization: 'Bearer injected-secret-key-0001',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': 'headers:8080',
    });
    expect(echo.headers).not.toHaveProperty('x-drop-me');
  });
});

describe('DNS names', () => {
  it('resolves a target named by host name (localhost, through the hosts file) and serves it', async () => {
    await hw.client.upstreams.create.mutate({ name: 'named', slowStartMs: 0, targets: [{ host: 'localhost', port: a.port }] });
    expect(await spread(hw.dataUrl, 'named', 3)).toEqual({ a: 3 });
  });
});

describe('streaming', () => {
  it('relays an SSE stream chunk by chunk as the backend writes it', async () => {
    const slow = await startFakeBackend({ name: 'slow', chunkDelayMs: 40 });
    try {
      await hw.client.upstreams.create.mutate({ name: 'stream', targets: [{ host: '127.0.0.1', port: slow.port }] });
      const response = await send(
        '/v1/chat/completions',
        { host: 'stream', 'content-type': 'application/json' },
        JSON.stringify({ stream: true, chunks: 10 }),
      );
      expect(response.headers['content-type']).toBe('text/event-stream');
      // Each chunk must arrive on its own: a buffering gateway would deliver them in one piece.
      const arrivals: string[] = [];
      for await (const chunk of response.body) arrivals.push(String(chunk));
      expect(arrivals.length).toBeGreaterThanOrEqual(10);
      expect(arrivals.join('')).toContain('chunk 9');
      expect(arrivals.at(-1)).toContain('[DONE]');
    } finally {
      await slow.close();
    }
  });
});

describe('gateway errors', () => {
  it('answers 503 JSON when every target is disabled, and routes again once one is enabled', async () => {
    const created = await hw.client.upstreams.create.mutate({
      name: 'off',
      targets: [{ host: '127.0.0.1', port: a.port, adminState: 'disabled' }],
    });
    const response = await send('/', { host: 'off' });
    expect(response.statusCode).toBe(503);
    expect(await response.body.json()).toMatchObject({ error: { type: 'no_eligible_target', upstream: 'off' } });
    await hw.client.targets.update.mutate({ id: created.targets[0]!.id, changes: { adminState: 'enabled' } });
    expect(await spread(hw.dataUrl, 'off', 2)).toEqual({ a: 2 });
  });

  it('answers 502 JSON when the target refuses connections, and the process keeps serving', async () => {
    const gone = await startFakeBackend({ name: 'gone' });
    await gone.close();
    await hw.client.upstreams.create.mutate({ name: 'dead', retries: 0, targets: [{ host: '127.0.0.1', port: gone.port }] });
    const response = await send('/v1/models', { host: 'dead' });
    expect(response.statusCode).toBe(502);
    expect(await response.body.json()).toMatchObject({ error: { type: 'upstream_transport', upstream: 'dead', attempts: 1 } });
    await hw.client.upstreams.create.mutate({ name: 'alive', targets: [{ host: '127.0.0.1', port: a.port }] });
    expect(await spread(hw.dataUrl, 'alive', 1)).toEqual({ a: 1 });
  });
});

describe('live state', () => {
  it('streams grid snapshots over the states.watch subscription', async () => {
    await hw.client.upstreams.create.mutate({ name: 'grid', targets: [{ host: '127.0.0.1', port: a.port }] });
    const controller = new AbortController();
    const response = await fetch(`${hw.adminUrl}/trpc/states.watch`, {
      headers: { authorization: `Bearer ${'test-admin-token-0123456789abcdef'}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toMatch(/text\/event-stream/);
    const reader = response.body!.getReader();
    let text = '';
    while (!text.includes('"upstreams"')) text += new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    const data = JSON.parse(
      text
        .split('\n')
        .find((line) => line.startsWith('data: ') && line.includes('upstreams'))!
        .slice(6),
    );
    expect(data).toMatchObject({
      node: 'test-node',
      upstreams: [{ name: 'grid', targets: [{ host: '127.0.0.1', port: a.port, state: 'healthy', inFlight: 0 }] }],
    });
  });
});
