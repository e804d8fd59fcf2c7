import { manualClock, parseRateLimitHeaders } from '@headwater/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type FakeBackend, type FakeBackendOptions, startFakeBackend } from '../demo/fake-ai-backend.ts';
import { goDuration } from '../demo/fake-rate-limit.ts';

// The fake AI backends behave like the real services where the gateway can tell: a rate-limit
// budget reported in OpenAI's or Anthropic's headers on every answer, 429 once it is empty, and
// a key check that answers 401. Against real listening servers on port 0.

const START = Date.UTC(2026, 10, 30, 12, 0, 0);
const KEY = 'sk-proj-good-key-0123456789';
let backend: FakeBackend | undefined;
afterEach(async () => {
  await backend?.close();
  backend = undefined;
});

async function start(options: Omit<FakeBackendOptions, 'name'>): Promise<FakeBackend> {
  backend = await startFakeBackend({ name: 'fake', ...options });
  return backend;
}

interface Answer {
  status: number;
  headers: Headers;
  body: { error?: { code?: string | null; type?: string }; type?: string };
}
async function send(to: FakeBackend, headers: Record<string, string> = {}, path = '/v1/chat/completions', stream = false): Promise<Answer> {
  const method = path === '/v1/chat/completions' ? 'POST' : 'GET';
  const body = method === 'POST' ? JSON.stringify({ model: 'fake-model', stream, chunks: 2 }) : undefined;
  const response = await fetch(`${to.url}${path}`, { method, headers: { 'content-type': 'application/json', ...headers }, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: stream || !text ? {} : JSON.parse(text) };
}
const pick = (answer: Answer, ...names: string[]) => names.map((name) => answer.headers.get(name));

describe('rate limits, OpenAI style', () => {
  it('drains a request budget, reports it on every answer, answers 429 with retry-after when empty, and refills when the window ends', async () => {
    const clock = manualClock(START);
    const fake = await start({ rateLimit: { style: 'openai', requests: 3, windowMs: 360_000 }, clock: clock.now });
    const names = ['x-ratelimit-limit-requests', 'x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests'];
    expect(pick(await send(fake), ...names)).toEqual(['3', '2', '6m0s']);
    clock.advance(12_500);
    expect(pick(await send(fake), ...names)).toEqual(['3', '1', '5m47.5s']);
    const last = await send(fake);
    expect(pick(last, ...names)).toEqual(['3', '0', '5m47.5s']);
    expect(parseRateLimitHeaders((name) => last.headers.get(name), clock.now()).requests).toEqual({
      remaining: 0,
      limit: 3,
      resetAt: START + 360_000,
    });

    const refused = await send(fake);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('348');
    expect(pick(refused, ...names)).toEqual(['3', '0', '5m47.5s']);
    expect(refused.body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'requests' });
    expect(fake.rateLimited).toBe(1);

    clock.set(START + 360_000);
    const refilled = await send(fake);
    expect(refilled.status).toBe(200);
    expect(pick(refilled, ...names)).toEqual(['3', '2', '6m0s']);
  });

  it('drains tokens too, and refuses once a request would not fit', async () => {
    const clock = manualClock(START);
    const fake = await start({
      rateLimit: { style: 'openai', requests: 100, tokens: 20, tokensPerRequest: 9, windowMs: 1_000 },
      clock: clock.now,
    });
    const names = [
      'x-ratelimit-limit-tokens',
      'x-ratelimit-remaining-tokens',
      'x-ratelimit-reset-tokens',
      'x-ratelimit-remaining-requests',
    ];
    expect(pick(await send(fake), ...names)).toEqual(['20', '11', '1s', '99']);
    expect(pick(await send(fake), ...names)).toEqual(['20', '2', '1s', '98']);
    const refused = await send(fake);
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ code: 'rate_limit_exceeded', type: 'tokens' });
  });

  it('sends the headers on streamed answers, and leaves /v1/models and /health out of the budget', async () => {
    const fake = await start({ rateLimit: { style: 'openai', requests: 2 } });
    expect((await send(fake, {}, '/v1/models')).headers.get('x-ratelimit-remaining-requests')).toBeNull();
    expect((await send(fake, {}, '/health')).status).toBe(200);
    const streamed = await send(fake, {}, '/v1/chat/completions', true);
    expect(streamed.headers.get('content-type')).toBe('text/event-stream');
    expect(streamed.headers.get('x-ratelimit-remaining-requests')).toBe('1');
  });

  it('refills on the wall clock with a short window', async () => {
    const fake = await start({ rateLimit: { style: 'openai', requests: 1, windowMs: 150 } });
    expect((await send(fake)).status).toBe(200);
    expect((await send(fake)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await send(fake)).status).toBe(200);
  });

  it('can be given a new budget while running, or none', async () => {
    const fake = await start({});
    expect((await send(fake)).headers.get('x-ratelimit-limit-requests')).toBeNull();
    fake.setRateLimit({ style: 'openai', requests: 5 });
    expect((await send(fake)).headers.get('x-ratelimit-remaining-requests')).toBe('4');
    fake.setRateLimit(null);
    expect((await send(fake)).headers.get('x-ratelimit-remaining-requests')).toBeNull();
  });
});

describe('rate limits, Anthropic style', () => {
  it('reports requests and tokens with RFC 3339 resets, and answers 429 with its error shape', async () => {
    const clock = manualClock(START);
    const fake = await start({ rateLimit: { style: 'anthropic', requests: 1, tokens: 1_000, windowMs: 60_000 }, clock: clock.now });
    const first = await send(fake, { 'x-api-key': 'any' });
    expect(
      pick(first, 'anthropic-ratelimit-requests-limit', 'anthropic-ratelimit-requests-remaining', 'anthropic-ratelimit-requests-reset'),
    ).toEqual(['1', '0', '2026-11-30T12:01:00.000Z']);
    expect(pick(first, 'anthropic-ratelimit-tokens-remaining', 'anthropic-ratelimit-tokens-reset')).toEqual([
      '991',
      '2026-11-30T12:01:00.000Z',
    ]);
    expect(parseRateLimitHeaders((name) => first.headers.get(name), clock.now())).toEqual({
      requests: { remaining: 0, limit: 1, resetAt: START + 60_000 },
      tokens: { remaining: 991, limit: 1_000, resetAt: START + 60_000 },
    });
    clock.advance(30_000);
    const refused = await send(fake);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('30');
    expect(refused.body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });
});

describe('the key check', () => {
  it('accepts its key as a Bearer token or as x-api-key, and answers anything else 401 as OpenAI does', async () => {
    const fake = await start({ apiKey: KEY });
    expect((await send(fake, { authorization: `Bearer ${KEY}` })).status).toBe(200);
    expect((await send(fake, { 'x-api-key': KEY })).status).toBe(200);
    const wrong = await send(fake, { authorization: 'Bearer sk-proj-revoked-key-9999' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_api_key', type: 'invalid_request_error' });
    expect(JSON.stringify(wrong.body)).toContain('sk-*****9999');
    expect((await send(fake)).status).toBe(401);
    expect((await send(fake, {}, '/v1/models')).status).toBe(401); // an authenticated probe path
    expect((await send(fake, {}, '/health')).status).toBe(200);
    expect(fake.unauthorized).toBe(3);
  });

  it('changes its accepted key at runtime (a revoked key, then a replaced one), and a 401 takes nothing from the budget', async () => {
    const fake = await start({ apiKey: KEY, rateLimit: { style: 'openai', requests: 10 } });
    const authorization = { authorization: `Bearer ${KEY}` };
    expect((await send(fake, authorization)).headers.get('x-ratelimit-remaining-requests')).toBe('9');
    fake.setApiKey('sk-proj-rotated-key-000000');
    const revoked = await send(fake, authorization);
    expect(revoked.status).toBe(401);
    expect(revoked.headers.get('x-ratelimit-remaining-requests')).toBeNull();
    expect((await send(fake, { authorization: 'Bearer sk-proj-rotated-key-000000' })).headers.get('x-ratelimit-remaining-requests')).toBe(
      '8',
    );
    fake.setApiKey(null);
    expect((await send(fake)).status).toBe(200);
  });
});

describe('goDuration', () => {
  it.each([
    [0, '0ms'],
    [20, '20ms'],
    [999.2, '1s'],
    [1_000, '1s'],
    [12_500, '12.5s'],
    [360_000, '6m0s'],
    [3_723_500, '1h2m3.5s'],
  ])('%d ms is %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });
});
