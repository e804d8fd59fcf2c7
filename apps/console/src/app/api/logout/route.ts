import { NextResponse } from 'next/server';
import { SESSION_COOKIE } from '@/lib/session';

// Log out: a plain form POST, so it works before any script has loaded.

export const dynamic = 'force-dynamic';

export function POST(): NextResponse {
  // A relative Location: request.url may name the server's own host (e.g. "localhost") rather
  // than the one the browser used, and the session cookie belongs to the latter.
  const response = new NextResponse(null, { status: 303, headers: { location: '/login' } });
  response.cookies.set({ name: SESSION_COOKIE, value: '', path: '/', maxAge: 0 });
  return response;
}
