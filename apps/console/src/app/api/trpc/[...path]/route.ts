import type { NextRequest } from 'next/server';
import { adminTrpcUrl, describeFetchError } from '@/lib/admin-api';
import { isCrossSite } from '@/lib/request-origin';
import { SESSION_COOKIE } from '@/lib/session';

// Forwards the browser's tRPC calls to the runtime's admin API, adding the admin token from
// the httpOnly cookie. Responses are streamed back untouched, so `states.watch` (server-sent
// events) stays live; when the browser goes away the request signal aborts the upstream fetch.

export const dynamic = 'force-dynamic';

const PREFIX = '/api/trpc/';

/** Request headers the tRPC client sends that the runtime may care about. */
const FORWARDED_REQUEST_HEADERS = ['content-type', 'accept', 'trpc-accept', 'last-event-id', 'x-trpc-source'];

/** Never copied back: hop-by-hop, or no longer true once fetch has decoded the body. */
const DROPPED_RESPONSE_HEADERS = new Set([
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-encoding',
  'content-length',
  'proxy-connection',
  'upgrade',
  'set-cookie',
]);

async function forward(request: NextRequest): Promise<Response> {
  if (request.method === 'POST' && isCrossSite(request)) {
    return trpcError(request, 403, 'FORBIDDEN', 'cross-site request refused');
  }
  // The raw path keeps batched names ("upstreams.list,states.watch") exactly as the client encoded them.
  const procedurePath = request.nextUrl.pathname.slice(PREFIX.length);
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (!token) return trpcError(request, 401, 'UNAUTHORIZED', 'not logged in');
  headers.set('authorization', `Bearer ${token}`);

  let upstream: Response;
  try {
    upstream = await fetch(adminTrpcUrl(procedurePath, request.nextUrl.search), {
      method: request.method,
      headers,
      body: request.method === 'POST' ? await request.arrayBuffer() : undefined,
      signal: request.signal,
      redirect: 'manual',
      cache: 'no-store',
    });
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return trpcError(request, 502, 'BAD_GATEWAY', `runtime admin API unreachable: ${describeFetchError(error)}`);
  }

  if (upstream.status === 401) {
    // The runtime rejects a bad token before tRPC runs, with a plain JSON body; re-shape it so
    // the tRPC client (batched or not) sees UNAUTHORIZED with httpStatus 401 and sends the
    // operator back to /login.
    await upstream.body?.cancel();
    return trpcError(request, 401, 'UNAUTHORIZED', 'the admin token was not accepted');
  }

  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name)) responseHeaders.set(name, value);
  });
  if (upstream.headers.get('content-type')?.startsWith('text/event-stream')) {
    // `no-transform` keeps compression from holding events back; X-Accel-Buffering does the same for nginx.
    responseHeaders.set('cache-control', 'no-cache, no-transform');
    responseHeaders.set('x-accel-buffering', 'no');
  } else if (!responseHeaders.has('cache-control')) {
    responseHeaders.set('cache-control', 'no-store');
  }
  return new Response(upstream.body, { status: upstream.status, statusText: upstream.statusText, headers: responseHeaders });
}

/** An error body the tRPC client can parse: one envelope per procedure when the call was batched. */
function trpcError(request: NextRequest, httpStatus: number, code: string, message: string): Response {
  const envelope = { error: { message, code: JSON_RPC_CODES[code] ?? -32603, data: { code, httpStatus, issues: [] } } };
  const batched = request.nextUrl.searchParams.get('batch') === '1';
  const count = request.nextUrl.pathname.slice(PREFIX.length).split(',').length;
  const body = batched ? Array.from({ length: count }, () => envelope) : envelope;
  return Response.json(body, { status: httpStatus, headers: { 'cache-control': 'no-store' } });
}

const JSON_RPC_CODES: Record<string, number> = { UNAUTHORIZED: -32001, FORBIDDEN: -32003 };

export const GET = forward;
export const POST = forward;
