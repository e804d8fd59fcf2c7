import { request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.ts';
import { gridCell, startTestRuntime, type TestRuntime, waitFor } from './harness.ts';
import { type FaultTarget, SLOW_READ_MS, startFaultTarget } from './support/fault-target.ts';
import { openRaw, sendRaw } from './support/raw-http.ts';

// No caller may hold the gateway's resources without bound (SPEC "Hostile callers"): a slow
// request head, an idle request body, too many connections, bodies buffered for retries.
// Every limit is set small through the environment, as an operator would.

const HEADERS_TIMEOUT_MS = 400;
const BODY_IDLE_MS = 400;

let target: FaultTarget;
const runtimes: TestRuntime[] = [];
beforeAll(async () => {
  target = await startFaultTarget();
});
afterAll(async () => {
  await Promise.all([target.close(), ...runtimes.map((hw) => hw.stop())]);
});

async function runtimeWith(env: Record<string, string>): Promise<TestRuntime> {
  const hw = await startTestRuntime({ env });
  runtimes.push(hw);
  return hw;
}

const errorOf = (body: string) => (JSON.parse(body) as { error: { type: string; message: string } }).error;

describe('caller timeouts', () => {
  let hw: TestRuntime;
  let port: number;
  beforeAll(async () => {
    hw = await runtimeWith({
      HEADWATER_CALLER_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
      HEADWATER_CALLER_BODY_IDLE_MS: String(BODY_IDLE_MS),
    });
    port = hw.runtime.dataPort;
    await hw.client.upstreams.create.mutate({ name: 'slow', slowStartMs: 0, targets: [{ host: '127.0.0.1', port: target.port }] });
    await hw.client.upstreams.create.mutate({
      name: 'streamed',
      slowStartMs: 0,
      retryBufferBytes: 16,
      targets: [{ host: '127.0.0.1', port: target.port }],
    });
    await hw.client.upstreams.create.mutate({
      name: 'deadline',
      slowStartMs: 0,
      timeouts: { totalMs: 600 },
      targets: [{ host: '127.0.0.1', port: target.port }],
    });
  });
  afterEach(() => {
    target.setMode('ok');
    target.requests.length = 0;
  });

  it('answers 408 and closes a connection whose request head is still incomplete after the headers timeout, however busy it is', async () => {
    const connection = await openRaw(port);
    connection.write('GET /v1/models HTTP/1.1\r\nHost: slow\r\nX-Slow: ');
    // One byte every 50 ms: never idle, never done.
    const drip = setInterval(() => connection.socket.writable && connection.write('a'), 50);
    try {
      const answer = await connection.answer(5_000);
      expect(answer.status).toBe(408);
      expect(answer.elapsedMs).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 100); // counted from the connection
      await connection.closed(2_000);
    } finally {
      clearInterval(drip);
      connection.destroy();
    }
    expect(target.requests).toHaveLength(0);
  });

  it('answers 408 to a request whose body stops coming, before any attempt, and closes the connection', async () => {
    const connection = await openRaw(port);
    connection.write('POST /v1/chat HTTP/1.1\r\nHost: slow\r\nContent-Type: text/plain\r\nContent-Length: 100\r\n\r\n0123456789');
    const answer = await connection.answer(5_000);
    expect(answer.status).toBe(408);
    expect(errorOf(answer.body)).toMatchObject({ type: 'caller_timeout' });
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(BODY_IDLE_MS - 50);
    await connection.closed(2_000);
    expect(target.requests).toHaveLength(0); // nothing was forwarded
  });

  it('cancels the attempt of a streamed body that stops coming, answers 408, and does not judge the target', async () => {
    target.setMode('hang');
    const connection = await openRaw(port);
    connection.write(`POST /v1/upload HTTP/1.1\r\nHost: streamed\r\nContent-Length: 1000\r\n\r\n${'s'.repeat(100)}`);
    const answer = await connection.answer(5_000);
    expect(answer.status).toBe(408);
    expect(errorOf(answer.body)).toMatchObject({ type: 'caller_timeout' });
    await connection.closed(2_000);
    // The target had the request (a streamed body goes out as it comes) and saw it cut off.
    await waitFor('the target to see its request cut off', () => target.requests[0]?.aborted === true, 5_000);
    const cell = await gridCell(hw, 'streamed', target.port);
    expect(cell).toMatchObject({ circuit: 'closed', state: 'healthy', successRatePct: null });
  });

  it('keeps a body that arrives slowly but steadily: the timeout is for idleness, not for the whole body', async () => {
    const connection = await openRaw(port);
    connection.write('POST /v1/chat HTTP/1.1\r\nHost: slow\r\nContent-Length: 12\r\n\r\n');
    const body = 'steady-bytes';
    let sent = 0;
    const drip = setInterval(() => sent < body.length && connection.write(body[sent++]!), 100); // 1.2 s in all
    try {
      const answer = await connection.answer(10_000);
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.body)).toEqual({ path: '/v1/chat', body });
    } finally {
      clearInterval(drip);
      connection.destroy();
    }
  });

  it('does not cut off a caller whose streamed body the gateway holds back while the target is slow to read it', async () => {
    target.setMode('slow-reader');
    const size = 16 * 1024 * 1024; // more than the sockets between caller, gateway and target buffer
    const connection = await openRaw(port);
    connection.write(`POST /v1/upload HTTP/1.1\r\nHost: streamed\r\nContent-Length: ${size}\r\n\r\n`);
    connection.write(Buffer.alloc(size, 'b'));
    const answer = await connection.answer(15_000);
    connection.destroy();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ path: '/v1/upload', body: `${size} bytes` });
    expect(answer.elapsedMs).toBeGreaterThanOrEqual(SLOW_READ_MS); // the body sat still for longer than its idle timeout
  });

  it('counts the total deadline (totalMs) from the start, so a body still arriving when it passes gets 408', async () => {
    const connection = await openRaw(port);
    connection.write('POST /v1/chat HTTP/1.1\r\nHost: deadline\r\nContent-Length: 1000\r\n\r\n');
    // Never idle (a byte every 50 ms), never done before the 600 ms deadline.
    const drip = setInterval(() => connection.socket.writable && connection.write('d'), 50);
    try {
      const answer = await connection.answer(5_000);
      expect(answer.status).toBe(408);
      expect(errorOf(answer.body)).toMatchObject({ type: 'caller_timeout', message: expect.stringContaining('totalMs') });
      expect(answer.elapsedMs).toBeGreaterThanOrEqual(550);
      await connection.closed(2_000);
    } finally {
      clearInterval(drip);
      connection.destroy();
    }
    expect(target.requests).toHaveLength(0);
  });
});

describe('caller connections', () => {
  it('accepts at most HEADWATER_MAX_CONNECTIONS connections, and takes new ones again once one closes', async () => {
    const hw = await runtimeWith({ HEADWATER_MAX_CONNECTIONS: '3' });
    const port = hw.runtime.dataPort;
    const held = await Promise.all([openRaw(port), openRaw(port), openRaw(port)]);
    const refused = await openRaw(port);
    await refused.closed(2_000); // closed by the gateway, with nothing read
    held[0]!.destroy();
    const answer = await waitFor('a new connection to be served', async () => {
      const attempt = await sendRaw(port, 'GET /v1/models HTTP/1.1\r\nHost: nobody\r\n\r\n', 2_000).catch(() => null);
      return attempt?.status === 404 ? attempt : undefined;
    });
    expect(errorOf(answer.body)).toMatchObject({ type: 'unknown_upstream' });
    for (const connection of held) connection.destroy();
  });
});

describe('the node-wide retry buffer budget', () => {
  it('streams a body without retries, at once, while buffered bodies fill the budget, and buffers again once it frees', async () => {
    const hw = await runtimeWith({ HEADWATER_RETRY_BUFFER_BUDGET_BYTES: '1000' });
    const [holder, first, second] = await Promise.all([startFaultTarget(), startFaultTarget(), startFaultTarget()]);
    try {
      holder.setMode('hang');
      first.setMode('reset');
      second.setMode('reset');
      await hw.client.upstreams.create.mutate({ name: 'held', retries: 0, targets: [{ host: '127.0.0.1', port: holder.port }] });
      await hw.client.upstreams.create.mutate({
        name: 'flaky',
        slowStartMs: 0,
        retries: 1,
        healthChecks: { passive: { consecutiveFailures: 10_000, minRequests: 1_000_000 } }, // resets never open a circuit here
        targets: [
          { host: '127.0.0.1', port: first.port },
          { host: '127.0.0.1', port: second.port },
        ],
      });
      const flaky = async () => {
        const response = await request(`${hw.dataUrl}/v1/chat`, { method: 'POST', headers: { host: 'flaky' }, body: 'b'.repeat(500) });
        await response.body.text();
        return { status: response.statusCode, attempts: response.headers['x-headwater-attempts'] };
      };
      expect(await flaky()).toEqual({ status: 502, attempts: '2' }); // buffered, so retried on the other target

      // 800 bytes held in the budget while their request waits for a target that never answers.
      const holding = await openRaw(hw.runtime.dataPort);
      holding.write(`POST /v1/chat HTTP/1.1\r\nHost: held\r\nContent-Length: 800\r\n\r\n${'h'.repeat(800)}`);
      await waitFor('the held request to reach its target', () => holder.requests[0]?.body?.length === 800);
      expect(await flaky()).toEqual({ status: 502, attempts: '1' }); // 500 more would pass 1000: streamed, not retried

      holding.destroy(); // the caller leaves: its 800 bytes go back to the budget
      await waitFor('the budget to be free again', async () => (await flaky()).attempts === '2');
    } finally {
      await Promise.all([holder.close(), first.close(), second.close()]);
    }
  });
});

describe('the limits as settings', () => {
  it('default to the spec’s values', () => {
    expect(readEnv({})).toMatchObject({
      HEADWATER_CALLER_HEADERS_TIMEOUT_MS: 30_000,
      HEADWATER_CALLER_BODY_IDLE_MS: 60_000,
      HEADWATER_MAX_CONNECTIONS: 10_000,
      HEADWATER_RETRY_BUFFER_BUDGET_BYTES: 256 * 1024 * 1024,
    });
  });

  it.each([
    ['HEADWATER_CALLER_HEADERS_TIMEOUT_MS', '-1', 'must be at least 0'],
    ['HEADWATER_CALLER_BODY_IDLE_MS', 'soon', 'must be a number of milliseconds'],
    ['HEADWATER_MAX_CONNECTIONS', '0', 'must be at least 1'],
    ['HEADWATER_RETRY_BUFFER_BUDGET_BYTES', '1.5', 'must be a whole number'],
  ])('refuse %s=%s, naming the variable and the rule', (name, value, rule) => {
    expect(() => readEnv({ [name]: value })).toThrow(`${name}: ${rule}`);
  });
});
