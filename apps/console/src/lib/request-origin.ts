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
 * cookie off cross-site ones; this is the second lock, and the only one against a sibling
 * subdomain (same site, so it gets the cookie). The browser's own Sec-Fetch-Site says where
 * the request came from, whatever a reverse proxy did to Host; Origin is compared with the
 * host we were reached at. Requests with neither (curl, old clients) are allowed: they
 * cannot carry the browser's cookie cross-site anyway.
 */
export function isCrossSite(request: NextRequest): boolean {
  const fetchSite = request.headers.get('sec-fetch-site');
  if (fetchSite === 'cross-site' || fetchSite === 'same-site') return true;
  const origin = request.headers.get('origin');
  if (!origin || origin === 'null') return origin === 'null';
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}
