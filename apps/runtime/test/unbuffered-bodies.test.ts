import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBackend } from '../demo/fake-ai-backend.ts';
import { closedPort, resetGateway, startWithBackends, stopAll, type TestRuntime } from './harness.ts';

// An upstream without retries or a total deadline never needs a body whole: one that is not
// declared small streams to the target as it comes. What the caller and the target see must not change.

let hw: TestRuntime;
let a: FakeBackend;
beforeAll(async () => {
  [hw, a] = (await startWithBackends('a')) as [TestRuntime, FakeBackend];
});
afterAll(() => stopAll(hw, a));
afterEach(() => resetGateway(hw, a));

const post = (upstream: string, body: string | Readable) =>
  request(`${hw.dataUrl}/v1/chat/completions`, { method: 'POST', headers: { host: upstream, 'content-type': 'application/json' }, body });

describe('bodies of requests that cannot be retried', () => {
  it.each([
    ['a declared length', () => JSON.stringify({ model: 'fake', messages: [{ role: 'user', content: 'x'.repeat(100_000) }] })],
    ['chunked, with no declared length', () => Readable.from(['{"model":"fake",', '"messages":[]}'])],
  ])('reach the target whole with %s', async (_, body) => {
    await hw.client.upstreams.create.mutate({ name: 'once', retries: 0, targets: [{ host: '127.0.0.1', port: a.port }] });
    const sent = body();
    const response = await post('once', sent);
    expect(response.statusCode).toBe(200);
    const { echo } = (await response.body.json()) as { echo: { body: string } };
    expect(echo.body).toBe(typeof sent === 'string' ? sent : '{"model":"fake","messages":[]}');
  });

  it('get the gateway answer, not a dropped connection, when the target cannot be reached', async () => {
    const port = await closedPort();
    const upstream = await hw.client.upstreams.create.mutate({ name: 'unreachable', retries: 0, targets: [{ host: '127.0.0.1', port }] });
    const response = await post('unreachable', JSON.stringify({ model: 'fake', content: 'x'.repeat(100_000) }));
    expect(response.statusCode).toBe(502);
    expect(response.headers['x-headwater-attempts']).toBe('1');
    expect(await response.body.json()).toMatchObject({ error: { message: `connect-error at target ${upstream.targets[0]!.id}` } });
  });
});
