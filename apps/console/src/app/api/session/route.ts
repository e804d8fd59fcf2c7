import { type NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { checkAdminToken } from '@/lib/admin-api';
import { clientAddress } from '@/lib/client-address';
import { LoginAttemptLimiter } from '@/lib/login-attempt-limiter';
import { readBodyWithin } from '@/lib/read-body-within';
import { cameOverHttps, isCrossSite } from '@/lib/request-origin';
import { SESSION_COOKIE, SESSION_MAX_AGE_S } from '@/lib/session';

// Log in: check the pasted admin token against the runtime, then keep it in an httpOnly cookie.
// Wrong tokens are limited per client address and overall (lib/login-attempt-limiter.ts).

export const dynamic = 'force-dynamic';

/** A 4 096-character token in its JSON envelope, with room to spare. */
const MAX_LOGIN_BODY_BYTES = 8_192;

const loginBody = z.object({
  token: z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(4_096, { error: 'is too long' })
    // It travels in an Authorization header and a cookie: nothing else could ever be right.
    .regex(/^[\x20-\x7e]+$/u, { error: 'may only contain printable ASCII characters' }),
});

const attempts = new LoginAttemptLimiter();

/** On refusals sent before the body is read: the sender stops, rather than the server reading and dropping the rest. */
const CLOSE = { connection: 'close' };

export async function POST(request: NextRequest): Promise<NextResponse> {
  if (isCrossSite(request)) return NextResponse.json({ error: 'cross-site request refused' }, { status: 403, headers: CLOSE });
  const address = clientAddress(request.headers.get('x-forwarded-for'));
  const waitMs = attempts.retryAfterMs(address);
  if (waitMs > 0) return tooManyAttempts(waitMs);

  const read = await readBodyWithin(request, MAX_LOGIN_BODY_BYTES);
  if (read.kind === 'too-large') {
    return NextResponse.json({ error: `the request body must be at most ${MAX_LOGIN_BODY_BYTES} bytes` }, { status: 413, headers: CLOSE });
  }
  const parsed = loginBody.safeParse(parseJson(read.body));
  if (!parsed.success) {
    return NextResponse.json({ error: `token ${parsed.error.issues[0]?.message ?? 'is missing'}` }, { status: 400 });
  }

  const decision = attempts.begin(address);
  if (!decision.allowed) return tooManyAttempts(decision.retryAfterMs);
  const check = await checkAdminToken(parsed.data.token);
  if (check.ok) {
    decision.attempt.refund();
    return withSession(request, parsed.data.token);
  }
  if (check.reason === 'invalid-token') return NextResponse.json({ error: 'invalid token' }, { status: 401 });
  decision.attempt.refund(); // the runtime could not say: not the caller's wrong guess
  return NextResponse.json({ error: `cannot reach the runtime: ${check.message}` }, { status: 502 });
}

function parseJson(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return null;
  }
}

function tooManyAttempts(retryAfterMs: number): NextResponse {
  const retryAfterS = Math.max(1, Math.ceil(retryAfterMs / 1_000));
  return NextResponse.json(
    { error: `too many wrong tokens; try again in ${retryAfterS} s` },
    { status: 429, headers: { 'retry-after': String(retryAfterS), ...CLOSE } },
  );
}

function withSession(request: NextRequest, token: string): NextResponse {
  const response = NextResponse.json({ ok: true });
  response.cookies.set({
    name: SESSION_COOKIE,
    value: token,
    httpOnly: true,
    sameSite: 'strict',
    secure: cameOverHttps(request),
    path: '/',
    maxAge: SESSION_MAX_AGE_S,
  });
  return response;
}
