import { type APIRequestContext, expect } from '@playwright/test';
import { test } from './fixtures.ts';
import { filler, sendWithoutEnding } from './partial-request.ts';
import { stack } from './stack.ts';

// The console's own HTTP surface, against the real built console and the real runtime:
// what a caller without a session, with a made-up cookie, or with too much to say gets.

const consoleUrl = `http://127.0.0.1:${stack.consolePort}`;
const mutationUrl = `${consoleUrl}/api/trpc/upstreams.create`;
const sessionCookie = (value: string) => `headwater_admin_token=${value}`;
/** The runtime's config.import cap is 1 MiB; the console lets that through with JSON's escaping on top. */
const MiB = 1_048_576;

test.describe('the tRPC proxy route', () => {
  test('a request without a session cookie is refused at once, before its body is read', async () => {
    const answer = await sendWithoutEnding(mutationUrl, { 'content-type': 'application/json', 'content-length': String(100 * MiB) }, () =>
      filler(1),
    );
    expect(answer.status).toBe(401);
    expect(answer.body).toContain('UNAUTHORIZED');
    expect(answer.headers.connection).toBe('close');
  });

  test('a cookie that no admin token can be is no session (401, not a 500)', async ({ request }) => {
    const response = await request.get(`${consoleUrl}/api/trpc/upstreams.list`, { headers: { cookie: sessionCookie('%E2%82%AC') } });
    expect(response.status()).toBe(401);
    expect(await response.text()).toContain('UNAUTHORIZED');
  });

  test('a declared body over the cap is refused with 413 before it is read, whatever the cookie', async () => {
    const headers = { 'content-type': 'application/json', 'content-length': String(100 * MiB), cookie: sessionCookie('made-up') };
    const answer = await sendWithoutEnding(mutationUrl, headers, () => filler(1));
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('PAYLOAD_TOO_LARGE');
    // Closing is what stops the sender: keep-alive would take in and drop the rest first.
    expect(answer.headers.connection).toBe('close');
  });

  test('a chunked body (no Content-Length) is cut off with 413 once it passes the cap', async () => {
    const headers = { 'content-type': 'application/json', cookie: sessionCookie('made-up') };
    // 256 MiB offered and the request never ends: only a read that stops at the cap can answer.
    const answer = await sendWithoutEnding(mutationUrl, headers, () => filler(4_096));
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('PAYLOAD_TOO_LARGE');
    expect(answer.bytesSentBeforeAnswer).toBeLessThan(256 * MiB);
    expect(answer.headers.connection).toBe('close');
  });

  test('the largest import the runtime accepts still passes through', async ({ request }) => {
    // 1 MiB of YAML whose every comment character JSON escapes: about 2 MiB on the wire.
    const yaml = `upstreams: []\n#${'"'.repeat(MiB - 20)}\n`;
    expect(Buffer.byteLength(yaml)).toBeLessThanOrEqual(MiB);
    const response = await request.post(`${consoleUrl}/api/trpc/config.import`, {
      headers: { cookie: sessionCookie(stack.token), 'content-type': 'application/json' },
      data: JSON.stringify({ yaml, dryRun: true }),
    });
    expect(response.status(), await response.text()).toBe(200);
  });

  test('a state-changing call from another site is refused', async ({ request }) => {
    const response = await request.post(mutationUrl, {
      headers: { cookie: sessionCookie(stack.token), origin: 'http://evil.example', 'content-type': 'application/json' },
      data: '{}',
    });
    expect(response.status()).toBe(403);
  });

  test('a path that is not a procedure name is not passed on', async ({ request }) => {
    const response = await request.get(`${consoleUrl}/api/trpc/upstreams.list%2F..%2F..%2Fmetrics`, {
      headers: { cookie: sessionCookie(stack.token) },
    });
    expect(response.status()).toBe(404);
  });
});

test.describe('logging in', () => {
  const logIn = (request: APIRequestContext, token: string, address: string) =>
    request.post(`${consoleUrl}/api/session`, {
      headers: { 'x-forwarded-for': address, 'content-type': 'application/json' },
      data: JSON.stringify({ token }),
    });

  test('ten wrong tokens a minute from one address, then 429 with Retry-After; other addresses unaffected', async ({ request }) => {
    // Addresses of their own (TEST-NET-3), so other specs' logins from 127.0.0.1 are not limited.
    const attacker = '203.0.113.71';
    for (let attempt = 1; attempt <= 10; attempt++) {
      expect((await logIn(request, `wrong-token-${attempt}`, attacker)).status()).toBe(401);
    }
    const limited = await logIn(request, 'wrong-token-11', attacker);
    expect(limited.status()).toBe(429);
    const retryAfterS = Number(limited.headers()['retry-after']);
    expect(retryAfterS).toBeGreaterThanOrEqual(1);
    expect(retryAfterS).toBeLessThanOrEqual(60);
    // Limited means limited: the right token gets no answer that would confirm it.
    expect((await logIn(request, stack.token, attacker)).status()).toBe(429);
    expect((await logIn(request, stack.token, '203.0.113.72')).status()).toBe(200);
  });

  test('successful logins do not count against the address', async ({ request }) => {
    const operator = '203.0.113.73';
    for (let attempt = 1; attempt <= 12; attempt++) expect((await logIn(request, stack.token, operator)).status()).toBe(200);
    expect((await logIn(request, 'typo', operator)).status()).toBe(401);
  });

  test('a login body over its small cap is refused with 413 before it is read', async () => {
    const headers = { 'content-type': 'application/json', 'content-length': String(100 * MiB), 'x-forwarded-for': '203.0.113.74' };
    const answer = await sendWithoutEnding(`${consoleUrl}/api/session`, headers, () => filler(1));
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
  });

  test('a token no runtime can have is refused with the rule, not blamed on the runtime', async ({ request }) => {
    const response = await logIn(request, 'token-with-a-€-sign-in-it', '203.0.113.75');
    expect(response.status()).toBe(400);
    expect(await response.json()).toEqual({ error: 'token may only contain printable ASCII characters' });
  });
});

test.describe('logging out', () => {
  test('another site cannot end the operator session', async ({ request }) => {
    const response = await request.post(`${consoleUrl}/api/logout`, {
      headers: { cookie: sessionCookie(stack.token), origin: 'http://evil.example' },
      maxRedirects: 0,
    });
    expect(response.status()).toBe(403);
    expect(response.headers()['set-cookie']).toBeUndefined();
  });

  test('the Log out button ends the session', async ({ loggedInPage: page }) => {
    await page.getByRole('button', { name: 'Log out' }).click();
    await expect(page).toHaveURL(`${consoleUrl}/login`);
    await page.goto('/events');
    await expect(page).toHaveURL(`${consoleUrl}/login?next=%2Fevents`);
  });
});

test.describe('security headers', () => {
  for (const path of ['/login', '/', '/api/trpc/upstreams.list']) {
    test(`${path} cannot be framed by another site`, async ({ request }) => {
      const response = await request.get(`${consoleUrl}${path}`, { maxRedirects: 0 });
      const headers = response.headers();
      expect(headers['x-frame-options']).toBe('DENY');
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['referrer-policy']).toBe('same-origin');
    });
  }
});
