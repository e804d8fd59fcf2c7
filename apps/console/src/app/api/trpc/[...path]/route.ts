import type { NextRequest } from 'next/server';
import { adminTrpcUrl, describeFetchError } from '@/lib/admin-api';
import { readBodyWithin } from '@/lib/read-body-within';
import { isCrossSite } from '@/lib/request-origin';
import { ADMIN_TOKEN_SHAPE, SESSION_COOKIE } from '@/lib/session';
import { trpcErrorResponse } from '@/lib/trpc-error-response';

// Forwards the browser's tRPC calls to the runtime's admin API, adding the admin token from
// the httpOnly cookie. Responses are streamed back untouched, so `states.watch` (server-sent
// events) stays live; when the browser goes away the request signal aborts the upstream fetch.
//
// Anyone can reach this route, so everything that costs the console something comes after
// the cheap refusals: another site's mutation, a path that names no procedure, a request
// without a session. A body is then read only up to a cap, never whole on trust.

export const dynamic = 'force-dynamic';

const PREFIX = '/api/trpc/';

/**
 * The largest call the runtime takes is config.import's 1 MiB of YAML (its MAX_IMPORT_BYTES);
 * JSON's escaping at most doubles that (`"` and `\`, newline, tab), plus the envelope.
 */
const MAX_ADMIN_CALL_BODY_BYTES = 2 * 1_048_576 + 65_536;

/** Procedure names ("upstreams.list"), batched with commas: nothing else is passed on as a path. */
const PROCEDURE_PATH = /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*(?:,[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)*$/u;

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
  // The raw path keeps batched names ("upstreams.list,states.watch") exactly as the client encoded them.
  const call = { procedurePath: request.nextUrl.pathname.slice(PREFIX.length), batched: request.nextUrl.searchParams.get('batch') === '1' };
  const token = request.cookies.get(SESSION_COOKIE)?.value;
  if (request.method === 'POST' && isCrossSite(request))
    return unread(trpcErrorResponse(call, 403, 'FORBIDDEN', 'cross-site request refused'));
  if (!PROCEDURE_PATH.test(call.procedurePath)) return unread(trpcErrorResponse(call, 404, 'NOT_FOUND', 'not a procedure path'));
  if (!token || !ADMIN_TOKEN_SHAPE.test(token)) return unread(trpcErrorResponse(call, 401, 'UNAUTHORIZED', 'not logged in'));

  let body: Uint8Array<ArrayBuffer> | undefined;
  if (request.method === 'POST') {
    const read = await readBodyWithin(request, MAX_ADMIN_CALL_BODY_BYTES);
    if (read.kind === 'too-large') {
      return unread(trpcErrorResponse(call, 413, 'PAYLOAD_TOO_LARGE', `the request body must be at most ${read.limitBytes} bytes`));
    }
    body = read.body;
  }

  let upstream: Response;
  try {
    upstream = await fetch(adminTrpcUrl(call.procedurePath, request.nextUrl.search), {
      method: request.method,
      headers: forwardedHeaders(request, token),
      body,
      signal: request.signal,
      redirect: 'manual',
      cache: 'no-store',
    });
  } catch (error) {
    if (request.signal.aborted) return new Response(null, { status: 499 });
    return trpcErrorResponse(call, 502, 'BAD_GATEWAY', `runtime admin API unreachable: ${describeFetchError(error)}`);
  }

  if (upstream.status === 401) {
    // The runtime rejects a bad token before tRPC runs, with a plain JSON body; re-shape it so
    // the tRPC client (batched or not) sees UNAUTHORIZED with httpStatus 401 and sends the
    // operator back to /login.
    await upstream.body?.cancel();
    return trpcErrorResponse(call, 401, 'UNAUTHORIZED', 'the admin token was not accepted');
  }
  return relayed(upstream);
}

/**
 * A refusal sent while (the rest of) the body is still unread: closing the connection is what
 * stops the sender, where keep-alive would have the server take in and drop the rest first.
 */
function unread(refusal: Response): Response {
  refusal.headers.set('connection', 'close');
  return refusal;
}

function forwardedHeaders(request: NextRequest, token: string): Headers {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  headers.set('authorization', `Bearer ${token}`);
  return headers;
}

function relayed(upstream: Response): Response {
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

export const GET = forward;
export const POST = forward;
