import type { NextRequest } from 'next/server';
import { env } from '@/env';

// Helpers for route handlers that set or trust the session cookie.

/** True when the browser reached us over HTTPS (directly or through a TLS-terminating proxy). */
export function cameOverHttps(request: NextRequest): boolean {
  if (env.HEADWATER_CONSOLE_SECURE_COOKIE !== 'auto') return env.HEADWATER_CONSOLE_SECURE_COOKIE === 'true';
  const forwarded = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim();
  return (forwarded ?? request.nextUrl.protocol.replace(':', '')) === 'https';
}

/**
 * Rejects state-changing requests sent by another site. SameSite=Strict already keeps the
 * cookie off them; this is the second lock. Requests without an Origin header (curl, old
 * clients) are allowed: they cannot carry the browser's cookie cross-site anyway.
 */
export function isCrossSite(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return origin === 'null';
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
