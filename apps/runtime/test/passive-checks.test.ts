import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, gridCell, resetGateway, spread, startWithBackends, stopAll, storedEvents, type TestRuntime, waitFor } from './harness.ts';

let hw: TestRuntime;
let a: FakeBackend;
let b: FakeBackend;
beforeAll(async () => {
  [hw, a, b] = (await startWithBackends('a', 'b')) as [TestRuntime, FakeBackend, FakeBackend];
});
afterAll(() => stopAll(hw, a, b));
afterEach(() => resetGateway(hw, a, b));

const pool = (name: string, extra: Record<string, unknown> = {}) =>
  hw.client.upstreams.create.mutate({
    name,
    slowStartMs: 0,
    targets: [
      { host: '127.0.0.1', port: a.port },
      { host: '127.0.0.1', port: b.port },
    ],
    ...extra,
  });

const cellOf = async (upstream: string, port: number) => (await gridCell(hw, upstream, port))!;

const circuitEvents = async (upstream: string) =>
  (await storedEvents(hw.databaseUrl, upstream)).filter((event) => event.kind === 'circuit');

describe('circuit breaker', () => {
  it('opens on consecutive failures, half-opens after the ejection time, and each reopening lasts longer', async () => {
    a.setMode({ kind: 'status', status: 500 });
    await pool('breaker', {
      retries: 0,
      healthChecks: { passive: { consecutiveFailures: 3, baseEjectionMs: 300, maxEjectionMs: 10_000, halfOpenRequests: 1 } },
    });
    // Round-robin alternates a and b: six requests give a its three failures.
    for (let index = 0; index < 6; index++) await call(hw.dataUrl, 'breaker');
    expect((await cellOf('breaker', a.port)).circuit).toBe('open');
    expect(await spread(hw.dataUrl, 'breaker', 6)).toEqual({ b: 6 }); // a is out of the rotation

    // Half-open after 300 ms; the trial fails (a still answers 500) and reopens it for 600 ms.
    await waitFor('half-open', async () => (await cellOf('breaker', a.port)).circuit === 'half-open');
    await waitFor('the trial request to reach a', async () => {
      await call(hw.dataUrl, 'breaker');
      return (await cellOf('breaker', a.port)).circuit === 'open';
    });
    await waitFor('second half-open', async () => (await cellOf('breaker', a.port)).circuit === 'half-open');

    const events = await waitFor('the events to be stored', async () => {
      const stored = await circuitEvents('breaker');
      return stored.length >= 4 ? stored : false;
    });
    expect(events.slice(0, 4).map((event) => `${event.from}->${event.to}`)).toEqual([
      'closed->open',
      'open->half-open',
      'half-open->open',
      'open->half-open',
    ]);
    expect(events[0]!.reason).toMatch(/^3 consecutive failures; open/);
    const firstOpenMs = events[1]!.at.getTime() - events[0]!.at.getTime();
    const secondOpenMs = events[3]!.at.getTime() - events[2]!.at.getTime();
    expect(firstOpenMs).toBe(300);
    expect(secondOpenMs).toBe(600);

    // Recovered: the next trial succeeds and closes the circuit.
    a.setMode({ kind: 'ok' });
    await waitFor('the circuit to close', async () => {
      await call(hw.dataUrl, 'breaker');
      return (await cellOf('breaker', a.port)).circuit === 'closed';
    });
  });

  it('opens on the error rate over the window with enough requests, with no failure streak', async () => {
    a.setMode({ kind: 'alternate', status: 503 }); // 50 % failures, never two in a row
    await pool('rate', {
      retries: 0,
      healthChecks: { passive: { consecutiveFailures: 100, errorRatePct: 50, minRequests: 10, windowMs: 10_000, baseEjectionMs: 30_000 } },
    });
    const statuses: number[] = [];
    for (let index = 0; index < 24 && (await cellOf('rate', a.port)).circuit === 'closed'; index++)
      statuses.push((await call(hw.dataUrl, 'rate')).status);
    expect((await cellOf('rate', a.port)).circuit).toBe('open');
    const [opened] = await waitFor('the open event', async () => {
      const stored = await circuitEvents('rate');
      return stored.length > 0 ? stored : false;
    });
    // It trips on the first failure that brings the rate to 50 % with at least 10 requests.
    const [, rate, total] = /^error rate (\d+)% over (\d+) requests/.exec(opened!.reason)!.map(Number) as [number, number, number];
    expect(rate).toBeGreaterThanOrEqual(50);
    expect(total).toBeGreaterThanOrEqual(10);
    expect(total).toBeLessThanOrEqual(11);
    expect(statuses.filter((status) => status === 503).length).toBe(Math.round((rate * total) / 100));
  });
});

describe('retries', () => {
  it('answers a request whose first target resets the connection from another target: the caller sees one success', async () => {
    a.setMode({ kind: 'reset' });
    await pool('resets');
    const payload = { model: 'fake', messages: [{ role: 'user', content: 'replayed body' }] };
    for (let index = 0; index < 4; index++) {
      const response = await call(hw.dataUrl, 'resets', { body: payload });
      expect(response.status).toBe(200);
      expect(response.headers['x-backend']).toBe('b');
      const { echo } = JSON.parse(response.text) as { echo: { body: string } };
      expect(JSON.parse(echo.body)).toEqual(payload); // the buffered body was sent again, whole
    }
    expect(a.served).toBeGreaterThan(0); // a really was tried (and reset)
  });

  it('relays the last upstream response as it was when attempts run out', async () => {
    a.setMode({ kind: 'status', status: 503 });
    b.setMode({ kind: 'status', status: 503 });
    await pool('exhausted', { retries: 1, healthChecks: { passive: { consecutiveFailures: 1_000 } } });
    const response = await call(hw.dataUrl, 'exhausted');
    expect(response.status).toBe(503);
    expect(response.headers['x-headwater-attempts']).toBe('2');
    expect(JSON.parse(response.text)).toMatchObject({ error: { type: 'fake' } }); // the backend's body, not a gateway error
  });
});

describe('failures after the headers went out', () => {
  it('are not retried, reach the caller as a broken stream, and count as failures for the breaker and the grid', async () => {
    a.setMode({ kind: 'break-stream' });
    b.setMode({ kind: 'break-stream' });
    await pool('broken', { healthChecks: { passive: { consecutiveFailures: 1, baseEjectionMs: 60_000, maxEjectionPct: 100 } } });
    for (let index = 0; index < 2; index++) {
      const response = await request(`${hw.dataUrl}/v1/chat/completions`, {
        method: 'POST',
        headers: { host: 'broken', 'content-type': 'application/json' },
        body: JSON.stringify({ stream: true }),
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['x-headwater-attempts']).toBe('1');
      await expect(response.body.text()).rejects.toThrow();
    }
    const cells = await waitFor('the failures to be counted', async () => {
      const grid = (await hw.client.states.get.query()).upstreams.find((u) => u.name === 'broken')!.targets;
      return grid.every((cell) => cell.requests60s === 1) ? grid : false;
    });
    expect(cells.map((cell) => cell.successRatePct)).toEqual([0, 0]);
    expect(cells.map((cell) => cell.circuit)).toEqual(['open', 'open']); // one failure each trips consecutiveFailures: 1
  });
});

describe('request bodies larger than the retry buffer', () => {
  const big = JSON.stringify({ model: 'fake', messages: [{ role: 'user', content: 'x'.repeat(50_000) }] });

  it.each([
    ['a declared length', () => Buffer.from(big)],
    ['chunked, with no declared length', () => Readable.from([big.slice(0, 20_000), big.slice(20_000)])],
  ])('streams a body with %s whole to the target, and does not retry it', async (_, body) => {
    await pool('big-bodies', { retryBufferBytes: 1_024 });
    const ok = await request(`${hw.dataUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { host: 'big-bodies', 'content-type': 'application/json' },
      body: body(),
    });
    const { echo } = (await ok.body.json()) as { echo: { body: string } };
    expect(echo.body).toBe(big);

    a.setMode({ kind: 'reset' });
    b.setMode({ kind: 'reset' });
    const failed = await request(`${hw.dataUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { host: 'big-bodies', 'content-type': 'application/json' },
      body: body(),
    });
    expect(failed.statusCode).toBe(502);
    expect(failed.headers['x-headwater-attempts']).toBe('1'); // not buffered, so not retried
    await failed.body.text();
  });
});

describe('429 cooldown', () => {
  it('cools a target down for its Retry-After while another target answers the caller', async () => {
    await pool('limited');
    a.queue({ kind: 'status', status: 429, retryAfter: '2' });
    const started = Date.now();
    const first = await waitFor('a request to hit a', async () => {
      const response = await call(hw.dataUrl, 'limited');
      return (await cellOf('limited', a.port)).reasons.some((reason) => reason.startsWith('rate limited')) ? response : false;
    });
    expect(first.status).toBe(200); // answered by b
    expect(first.headers['x-backend']).toBe('b');
    expect((await cellOf('limited', a.port)).state).toBe('unhealthy');
    expect(await spread(hw.dataUrl, 'limited', 6)).toEqual({ b: 6 });
    await waitFor('the cooldown to end', async () => (await cellOf('limited', a.port)).state === 'healthy');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900); // a lower bound: load only makes it later
    expect((await spread(hw.dataUrl, 'limited', 6)).a).toBeGreaterThan(0);
  });

  it('answers 429 with the smallest Retry-After when every target is cooling down', async () => {
    await pool('all-limited', { retries: 1 });
    a.queue({ kind: 'status', status: 429, retryAfter: '30' });
    b.queue({ kind: 'status', status: 429, retryAfter: '20' });
    const relayed = await call(hw.dataUrl, 'all-limited');
    expect(relayed.status).toBe(429); // both tried: the last upstream 429 is relayed as it was
    const gateway = await call(hw.dataUrl, 'all-limited');
    expect(gateway.status).toBe(429);
    expect(JSON.parse(gateway.text)).toMatchObject({ error: { type: 'all_cooling_down', upstream: 'all-limited' } });
    expect(Number(gateway.headers['retry-after'])).toBeGreaterThanOrEqual(19);
    expect(Number(gateway.headers['retry-after'])).toBeLessThanOrEqual(20);
  });
});
