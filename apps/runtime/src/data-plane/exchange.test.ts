import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../lib/runtime-clock.ts';
import { Exchange, type ExchangeResult } from './exchange.ts';

// An attempt that undici refuses to send never reached its target: it is the gateway's own
// failure, never a target outcome (SPEC "Hostile callers"). Real servers on loopback: the
// target counts every connection it is offered, and must see none.

let target: Server;
let targetConnections = 0;
let origin: string;
let pool: Pool;
let front: Server;
let frontUrl: string;
let attempt: (res: Parameters<typeof exchangeFor>[0]) => Promise<ExchangeResult>;
let settled: (result: ExchangeResult) => void;

const exchangeFor = (res: ConstructorParameters<typeof Exchange>[0]) => new Exchange(res, { keepStatuses: [], marks: {} }, systemClock);

const listen = async (server: Server) => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
};

beforeAll(async () => {
  target = createServer((_req, res) => res.end('ok'));
  target.on('connection', () => targetConnections++);
  origin = await listen(target);
  pool = new Pool(origin);
  // The caller-facing side: each request runs the attempt the test set up, with a real ServerResponse.
  front = createServer((_req, res) => {
    void attempt(res).then((result) => {
      settled(result);
      if (!res.writableEnded) res.end('refused');
    });
  });
  frontUrl = await listen(front);
});
afterAll(async () => {
  await pool.destroy();
  await Promise.all([new Promise((resolve) => front.close(resolve)), new Promise((resolve) => target.close(resolve))]);
});

/** One attempt through the caller-facing server: what the Exchange settled with, and what the caller read. */
async function resultOf(send: { path?: string; headers?: Record<string, string>; dispatcher?: Pool }) {
  attempt = (res) =>
    exchangeFor(res).send(
      { dispatcher: send.dispatcher ?? pool, origin, viaProxy: false },
      { path: send.path ?? '/', method: 'GET', headers: send.headers ?? {}, body: { kind: 'none' } },
    ).done;
  const result = new Promise<ExchangeResult>((resolve) => {
    settled = resolve;
  });
  const response = await request(frontUrl);
  return { result: await result, text: await response.body.text() };
}

describe('an attempt undici refuses to send', () => {
  it.each([
    ['an Expect header', { headers: { expect: '100-continue' } }, 'expect header not supported'],
    ['a framing header', { headers: { 'transfer-encoding': 'chunked' } }, 'invalid transfer-encoding header'],
    ['a header value with a line break', { headers: { 'x-injected': 'a\r\nb' } }, 'invalid x-injected header'],
    ['a request target that is not a path', { path: '*' }, 'path must be an absolute URL or start with a slash'],
  ])('with %s is the gateway’s failure, and the target sees no connection', async (_, send, detail) => {
    const before = targetConnections;
    expect((await resultOf(send)).result).toEqual({ kind: 'failed', failure: { kind: 'gateway', detail }, aborted: null });
    expect(targetConnections).toBe(before);
  });

  it('through a dispatcher the gateway already closed is the gateway’s failure too', async () => {
    const closed = new Pool(origin);
    await closed.close();
    const { result } = await resultOf({ dispatcher: closed });
    expect(result).toMatchObject({ kind: 'failed', failure: { kind: 'gateway' } });
  });

  it('while a good request goes through to the target', async () => {
    const { result, text } = await resultOf({});
    expect(result).toMatchObject({ kind: 'relayed', status: 200, complete: true });
    expect(text).toBe('ok');
    expect(targetConnections).toBe(1);
  });
});
