import { request } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeBackend, startFakeBackend } from '../demo/fake-ai-backend.ts';
import { call, closedPort, gridCell, resetGateway, startTestRuntime, type TestRuntime } from './harness.ts';
import { type AccessLogCapture, captureAccessLog } from './support/access-log-capture.ts';

// What the gateway tells callers and operators: no secrets in the access log, no internal
// addresses in its error messages, its marks on every relayed answer, and the spec's
// cooldown for a Retry-After it cannot read.

let hw: TestRuntime;
let a: FakeBackend;
let log: AccessLogCapture;
beforeAll(async () => {
  [hw, a] = await Promise.all([startTestRuntime({ env: { HEADWATER_ACCESS_LOG: 'on' } }), startFakeBackend({ name: 'a' })]);
});
afterAll(() => Promise.all([hw.stop(), a.close()]));
beforeEach(() => {
  log = captureAccessLog();
});
afterEach(async () => {
  log.stop();
  await resetGateway(hw, a);
});

describe('the access log', () => {
  it('writes the path without its query string, for routed and unknown upstreams alike', async () => {
    await hw.client.upstreams.create.mutate({ name: 'logged', targets: [{ host: '127.0.0.1', port: a.port }] });
    await call(hw.dataUrl, 'logged', { path: '/v1/chat/completions?key=sk-secret-in-query&x=1' });
    await request(`${hw.dataUrl}/u/logged/v1/models?api_key=sk-secret-in-prefix`).then((response) => response.body.text());
    await request(`${hw.dataUrl}/v1/models?key=sk-secret-unknown`, { headers: { host: 'nobody' } }).then((response) =>
      response.body.text(),
    );
    const lines = log.lines();
    expect(lines.map((line) => [line.upstream, line.path])).toEqual([
      ['logged', '/v1/chat/completions'],
      ['logged', '/v1/models'],
      ['nobody', '/v1/models'],
    ]);
    expect(log.raw.join('')).not.toContain('sk-secret');
  });
});

describe('gateway error messages', () => {
  it('name the target by its id, never its address', async () => {
    const port = await closedPort();
    const upstream = await hw.client.upstreams.create.mutate({ name: 'refusing', retries: 0, targets: [{ host: '127.0.0.1', port }] });
    const answer = await call(hw.dataUrl, 'refusing');
    expect(answer.status).toBe(502);
    const { message } = (JSON.parse(answer.text) as { error: { message: string } }).error;
    expect(message).toBe(`connect-error at target ${upstream.targets[0]!.id}`);
    expect(answer.text).not.toContain('127.0.0.1');
    expect(answer.text).not.toContain(String(port));
  });
});

describe('marks on relayed answers', () => {
  it('keeps x-headwater-fail-open on an answer kept for a retry and relayed when attempts ran out', async () => {
    a.setMode({ kind: 'status', status: 503 });
    const upstream = await hw.client.upstreams.create.mutate({
      name: 'open-kept',
      failOpen: true,
      retries: 1,
      slowStartMs: 0,
      healthChecks: { passive: { consecutiveFailures: 1, maxEjectionPct: 100, baseEjectionMs: 60_000 } },
      targets: [{ host: '127.0.0.1', port: a.port }],
    });
    const first = await call(hw.dataUrl, 'open-kept'); // opens the circuit: the only target is now ineligible
    expect(first.headers['x-headwater-fail-open']).toBeUndefined();
    expect((await gridCell(hw, 'open-kept', a.port))?.circuit).toBe('open');

    // Fail-open picks it anyway; its 503 is kept for a retry that has nowhere to go, then relayed as it was.
    const second = await call(hw.dataUrl, 'open-kept');
    expect(second.status).toBe(503);
    expect(second.headers).toMatchObject({
      'x-headwater-fail-open': '1',
      'x-headwater-target': upstream.targets[0]!.id,
      'x-headwater-attempts': '1',
    });
  });
});

describe('Retry-After that is neither delta-seconds nor an HTTP date', () => {
  it.each(['1.5', '-1', 'soon'])('Retry-After: %s cools the target down for the default 5 s', async (retryAfter) => {
    await hw.client.upstreams.create.mutate({ name: 'limited', retries: 0, targets: [{ host: '127.0.0.1', port: a.port }] });
    a.queue({ kind: 'status', status: 429, retryAfter });
    const before = Date.now();
    const answer = await call(hw.dataUrl, 'limited');
    const after = Date.now();
    expect(answer.status).toBe(429);
    expect(answer.headers['retry-after']).toBe(retryAfter); // relayed as it was
    const { cooldownUntil } = (await gridCell(hw, 'limited', a.port))!;
    expect(cooldownUntil).toBeGreaterThanOrEqual(before + 5_000);
    expect(cooldownUntil).toBeLessThanOrEqual(after + 5_000);
  });
});
