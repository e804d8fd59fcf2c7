import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConsoleEnv } from '@/env';
import { adminTrpcUrl, checkAdminToken, describeFetchError } from '@/lib/admin-api';

const env = vi.hoisted(() => ({ HEADWATER_ADMIN_URL: '' }) as Pick<ConsoleEnv, 'HEADWATER_ADMIN_URL'>);
vi.mock('@/env', () => ({ env }));

// A stand-in for the runtime's admin API on a real port: answers by the token it is shown.
const answers: Record<string, number> = { 'Bearer good': 200, 'Bearer bad': 401, 'Bearer forbidden': 403, 'Bearer broken': 500 };
const seen: Array<{ url: string | undefined; authorization: string | undefined }> = [];
let server: Server;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, authorization: req.headers.authorization });
    res.writeHead(answers[req.headers.authorization ?? ''] ?? 400, { 'content-type': 'application/json' });
    res.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  env.HEADWATER_ADMIN_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('checkAdminToken', () => {
  it.each([
    ['good', { ok: true }],
    ['bad', { ok: false, reason: 'invalid-token' }],
    ['forbidden', { ok: false, reason: 'invalid-token' }],
    ['broken', { ok: false, reason: 'unreachable', message: 'admin API answered HTTP 500' }],
  ])('token "%s" -> %j', async (token, expected) => {
    expect(await checkAdminToken(token)).toEqual(expected);
    expect(seen.at(-1)).toEqual({ url: '/trpc/upstreams.list', authorization: `Bearer ${token}` });
  });

  it('says why when nothing answers', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const previous = env.HEADWATER_ADMIN_URL;
    env.HEADWATER_ADMIN_URL = `http://127.0.0.1:${port}`;
    try {
      const check = await checkAdminToken('good');
      expect(check).toMatchObject({ ok: false, reason: 'unreachable' });
      expect(check.ok === false && check.reason === 'unreachable' && check.message).toContain('ECONNREFUSED');
    } finally {
      env.HEADWATER_ADMIN_URL = previous;
    }
  });
});

describe('adminTrpcUrl', () => {
  it('puts the procedure under /trpc of the configured base', () => {
    expect(adminTrpcUrl('states.watch', '?input=%7B%7D')).toBe(`${env.HEADWATER_ADMIN_URL}/trpc/states.watch?input=%7B%7D`);
  });
});

describe('describeFetchError', () => {
  it.each([
    [
      "the cause's message (fetch hides it behind 'fetch failed')",
      new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') }),
      'connect ECONNREFUSED',
    ],
    ['the message when the cause says nothing', new TypeError('fetch failed', { cause: new Error('') }), 'fetch failed'],
    ['the message without a cause', new Error('The operation was aborted due to timeout'), 'The operation was aborted due to timeout'],
    ['anything else as text', 'offline', 'offline'],
  ])('gives %s', (_, error, expected) => {
    expect(describeFetchError(error)).toBe(expected);
  });
});
