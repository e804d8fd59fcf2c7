import { env } from '@/env';

// Server-side access to the runtime's admin API. Only route handlers use this; the browser
// never learns the runtime's address or the admin token.

export function adminTrpcUrl(procedurePath: string, search = ''): string {
  return `${env.HEADWATER_ADMIN_URL}/trpc/${procedurePath}${search}`;
}

export type TokenCheck = { ok: true } | { ok: false; reason: 'invalid-token' } | { ok: false; reason: 'unreachable'; message: string };

/** Asks the runtime whether `token` is its admin token, with a cheap authenticated query. */
export async function checkAdminToken(token: string): Promise<TokenCheck> {
  let response: Response;
  try {
    response = await fetch(adminTrpcUrl('upstreams.list'), {
      headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      cache: 'no-store',
      signal: AbortSignal.timeout(5_000),
    });
  } catch (error) {
    return { ok: false, reason: 'unreachable', message: describeFetchError(error) };
  }
  await response.body?.cancel();
  if (response.status === 401 || response.status === 403) return { ok: false, reason: 'invalid-token' };
  if (!response.ok) {
    return { ok: false, reason: 'unreachable', message: `admin API answered HTTP ${response.status}` };
  }
  return { ok: true };
}

export function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: unknown }).cause;
    if (cause instanceof Error && cause.message) return cause.message;
    return error.message;
  }
  return String(error);
}
