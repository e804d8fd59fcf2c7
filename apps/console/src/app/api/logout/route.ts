import { type NextRequest, NextResponse } from 'next/server';
import { SESSION_COOKIE } from '@/lib/session';

// Log out: a plain form POST, so it works before any script has loaded.

export const dynamic = 'force-dynamic';

export function POST(request: NextRequest): NextResponse {
  const response = NextResponse.redirect(new URL('/login', request.url), 303);
  response.cookies.set({ name: SESSION_COOKIE, value: '', path: '/', maxAge: 0 });
  return response;
}
