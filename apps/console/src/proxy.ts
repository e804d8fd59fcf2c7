import { type NextRequest, NextResponse } from 'next/server';
import { SESSION_COOKIE } from '@/lib/session';

// Pages need a session: without the cookie, go to /login and come back afterwards.
// API routes are excluded: /api/trpc answers 401 itself (through the runtime) and
// /api/session is how one logs in.

export function proxy(request: NextRequest): NextResponse {
  if (request.cookies.has(SESSION_COOKIE)) return NextResponse.next();
  const login = new URL('/login', request.url);
  const back = request.nextUrl.pathname + request.nextUrl.search;
  if (back !== '/') login.searchParams.set('next', back);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ['/((?!login|api/|_next/|favicon\\.ico|icon\\.svg).*)'],
};
