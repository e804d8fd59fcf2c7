import { type NextRequest, NextResponse } from 'next/server';
import { z } from 'zod';
import { checkAdminToken } from '@/lib/admin-api';
import { cameOverHttps, isCrossSite } from '@/lib/request-origin';
import { SESSION_COOKIE, SESSION_MAX_AGE_S } from '@/lib/session';

// Log in: check the pasted admin token against the runtime, then keep it in an httpOnly cookie.

export const dynamic = 'force-dynamic';

const loginBody = z.object({
  token: z.string().trim().min(1, { error: 'must not be empty' }).max(4_096, { error: 'is too long' }),
});

export async function POST(request: NextRequest): Promise<NextResponse> {
  if (isCrossSite(request)) return NextResponse.json({ error: 'cross-site request refused' }, { status: 403 });
  const parsed = loginBody.safeParse(await request.json().catch(() => null));
  if (!parsed.success) {
    return NextResponse.json({ error: `token ${parsed.error.issues[0]?.message ?? 'is missing'}` }, { status: 400 });
  }
  const check = await checkAdminToken(parsed.data.token);
  if (!check.ok) {
    return check.reason === 'invalid-token'
      ? NextResponse.json({ error: 'invalid token' }, { status: 401 })
      : NextResponse.json({ error: `cannot reach the runtime: ${check.message}` }, { status: 502 });
  }
  const response = NextResponse.json({ ok: true });
  response.cookies.set({
    name: SESSION_COOKIE,
    value: parsed.data.token,
    httpOnly: true,
    sameSite: 'strict',
    secure: cameOverHttps(request),
    path: '/',
    maxAge: SESSION_MAX_AGE_S,
  });
  return response;
}
