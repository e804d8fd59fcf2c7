import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBackend, startFakeBackend } from '../demo/fake-ai-backend.ts';
import { gridCell, startTestRuntime, type TestRuntime } from './harness.ts';
import { openRaw, sendRaw } from './support/raw-http.ts';

// Nothing a caller sends may change a target's health unless the target itself failed (SPEC
// "Hostile callers"). Requests the gateway cannot or must not forward get a clean 4xx from the
// gateway; requests it forwards go out as the spec says, with X-Forwarded-* its own.

let hw: TestRuntime;
let target: FakeBackend;
let port: number;
beforeAll(async () => {
  [hw, target] = await Promise.all([startTestRuntime(), startFakeBackend({ name: 'target', chunkDelayMs: 20 })]);
  port = hw.runtime.dataPort;
});
afterAll(() => Promise.all([hw.stop(), target.close()]));

/** An upstream whose one target's circuit opens at the second failure: any blame shows at once. */
async function touchy(name: string): Promise<void> {
  await hw.client.upstreams.create.mutate({
    name,
    slowStartMs: 0,
    healthChecks: { passive: { consecutiveFailures: 2, maxEjectionPct: 100 } },
    targets: [{ host: '127.0.0.1', port: target.port }],
  });
}

const errorOf = (body: string) => (JSON.parse(body) as { error: { type: string; message: string } }).error;

describe("the gateway's own headers: Expect and X-Forwarded-*", () => {
  it('answers Expect: 100-continue itself, forwards the body without the Expect header, and never blames the target', async () => {
    await touchy('continue');
    for (let index = 0; index < 10; index++) {
      const connection = await openRaw(port);
      const body = JSON.stringify({ model: 'fake', index });
      connection.write(
        `POST /v1/chat/completions HTTP/1.1\r\nHost: continue\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nExpect: 100-continue\r\n\r\n`,
      );
      await new Promise<void>((resolve) => connection.socket.once('data', () => resolve())); // the interim 100 Continue
      connection.write(body);
      const answer = await connection.answer();
      connection.destroy();
      expect(answer.status).toBe(200);
      const { echo } = JSON.parse(answer.body) as { echo: { body: string; headers: Record<string, string> } };
      expect(echo.body).toBe(body);
      expect(echo.headers).not.toHaveProperty('expect');
    }
    expect(await gridCell(hw, 'continue', target.port)).toMatchObject({ circuit: 'closed', requests60s: 10, successRatePct: 100 });
  });

  it('replaces X-Forwarded-* from callers instead of trusting them', async () => {
    await touchy('forwarded');
    const response = await request(`${hw.dataUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: {
        host: 'forwarded',
        'content-type': 'application/json',
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-host': 'evil.example',
        'x-forwarded-proto': 'https',
        'x-forwarded-port': '443',
        'x-forwarded-prefix': '/admin',
        forwarded: 'for=203.0.113.9;proto=https',
      },
      body: '{}',
    });
    const { echo } = (await response.body.json()) as { echo: { headers: Record<string, string> } };
    expect(echo.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(echo.headers['x-forwarded-host']).toBe('forwarded');
    expect(echo.headers['x-forwarded-proto']).toBe('http');
    for (const name of ['x-forwarded-port', 'x-forwarded-prefix', 'forwarded']) expect(echo.headers).not.toHaveProperty(name);
  });
});

describe('request targets that are not origin-form', () => {
  beforeAll(() => touchy('refused'));

  it.each([
    ['an asterisk-form target (OPTIONS *)', 'OPTIONS * HTTP/1.1\r\nHost: refused\r\n\r\n'],
    ['an absolute-form target', 'GET http://127.0.0.1:1/v1/models HTTP/1.1\r\nHost: refused\r\n\r\n'],
    ['an absolute-form target naming the upstream itself', 'GET http://refused/v1/models HTTP/1.1\r\nHost: refused\r\n\r\n'],
  ])('answers %s with 400, never forwards it, and leaves the target untouched', async (_, raw) => {
    const served = target.served;
    for (let index = 0; index < 10; index++) {
      const answer = await sendRaw(port, raw);
      expect(answer.status).toBe(400);
      expect(errorOf(answer.body)).toMatchObject({ type: 'bad_request', message: expect.stringContaining('origin-form') });
    }
    expect(target.served).toBe(served);
    expect(await gridCell(hw, 'refused', target.port)).toMatchObject({ circuit: 'closed', requests60s: 0, successRatePct: null });
  });
});

describe('malformed requests', () => {
  const head = (lines: string[], body = '') => `${lines.join('\r\n')}\r\n\r\n${body}`;
  const post = (...lines: string[]) => ['POST /v1/chat HTTP/1.1', 'Host: bad-input', ...lines];
  // [case, raw request, status, what the gateway says ('' when Node answers itself), whether HTTP requires the connection to close]
  const table: Array<[string, string, number, string, boolean]> = [
    [
      'Content-Length with Transfer-Encoding',
      head(post('Content-Length: 5', 'Transfer-Encoding: chunked'), '0\r\n\r\n'),
      400,
      "malformed request: Transfer-Encoding can't be present with Content-Length",
      true,
    ],
    [
      'two Content-Lengths',
      head(post('Content-Length: 5', 'Content-Length: 6'), 'hello!'),
      400,
      'malformed request: Duplicate Content-Length',
      true,
    ],
    ['a chunk size that is not hex', head(post('Transfer-Encoding: chunked'), 'zz\r\nab\r\n0\r\n\r\n'), 400, 'malformed request:', true],
    [
      'a head larger than maxHeaderSize',
      head(['GET /v1/models HTTP/1.1', 'Host: bad-input', `X-Big: ${'a'.repeat(20_000)}`]),
      431,
      'request head larger than 16384 bytes',
      true,
    ],
    [
      'a control character in a header value',
      head(['GET /v1/models HTTP/1.1', 'Host: bad-input', 'X-A: a\u0001b']),
      400,
      'malformed request: Invalid header value char',
      true,
    ],
    ['an authority-form target (CONNECT)', head(['CONNECT 127.0.0.1:1 HTTP/1.1', 'Host: 127.0.0.1:1']), 400, 'CONNECT is not served', true],
    ['an authority-form target (GET)', head(['GET bad-input:80 HTTP/1.1', 'Host: bad-input']), 400, 'malformed request:', true],
    ['an asterisk-form target', head(['OPTIONS * HTTP/1.1', 'Host: bad-input']), 400, 'must be origin-form', false],
    ['an absolute-form target', head(['GET http://bad-input/v1/models HTTP/1.1', 'Host: bad-input']), 400, 'must be origin-form', false],
    [
      'a Host that is not a host',
      head(['GET /v1/models HTTP/1.1', 'Host: bad input/@x']),
      400,
      'the Host header is not a valid host[:port]',
      false,
    ],
    ['a Host with a bad port', head(['GET /u/bad-input/v1/models HTTP/1.1', 'Host: example:80x']), 400, 'not a valid host[:port]', false],
    ['two Host headers', head(['GET /v1/models HTTP/1.1', 'Host: bad-input', 'Host: other']), 400, 'more than one Host header', false],
    ['no Host (HTTP/1.1)', head(['GET /u/bad-input/v1/models HTTP/1.1']), 400, '', true],
  ];
  const cases = table.map(([name, raw, status, message, closes]) => ({ name, raw, status, message, closes }));

  beforeAll(() => touchy('bad-input'));

  it.each(cases)('answers $name with a clean $status while other callers go on', async ({ raw, status, message, closes }) => {
    const served = target.served;
    // A good request whose answer is streaming on another connection (5 chunks, 20 ms apart) for the whole time.
    const good = await request(`${hw.dataUrl}/v1/chat/completions`, {
      method: 'POST',
      headers: { host: 'bad-input', 'content-type': 'application/json' },
      body: JSON.stringify({ stream: true }),
    });

    const connection = await openRaw(port);
    connection.write(raw);
    const answer = await connection.answer();
    expect(answer.status).toBe(status);
    if (message) expect(errorOf(answer.body)).toMatchObject({ type: 'bad_request', message: expect.stringContaining(message) });
    if (closes) await connection.closed(2_000);
    else expect(answer.closed).toBe(false);
    connection.destroy();

    expect(good.statusCode).toBe(200);
    expect(await good.body.text()).toContain('[DONE]');
    expect(target.served).toBe(served + 1); // the good request only
  });

  it('recorded no outcome for the target: only the good requests count', async () => {
    expect(await gridCell(hw, 'bad-input', target.port)).toMatchObject({
      circuit: 'closed',
      state: 'healthy',
      requests60s: cases.length,
      successRatePct: 100,
    });
  });
});
