import { type NextRequest, NextResponse } from 'next/server';
import { isCrossSite } from '@/lib/request-origin';
import { SESSION_COOKIE } from '@/lib/session';

// Log out: a plain form POST, so it works before any script has loaded.

export const dynamic = 'force-dynamic';

export function POST(request: NextRequest): NextResponse {
  // Another site must not be able to end the operator's session either.
  if (isCrossSite(request)) return NextResponse.json({ error: 'cross-site request refused' }, { status: 403 });
  // A relative Location: request.url may name the server's own host (e.g. "localhost") rather
  // than the one the browser used, and the session cookie belongs to the latter.
  const response = new NextResponse(null, { status: 303, headers: { location: '/login' } });
  response.cookies.set({ name: SESSION_COOKIE, value: '', path: '/', maxAge: 0 });
  return response;
}
