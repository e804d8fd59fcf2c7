import { TRPC_ERROR_CODES_BY_KEY, type TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';

// Errors the console's tRPC route answers itself (before or instead of the runtime), shaped
// as the runtime's own: the tRPC client then routes them like any other (a 401 sends the
// operator to /login).

/**
 * An error body the tRPC client can parse for `procedurePath` ("a.b" or, batched,
 * "a.b,c.d"): one envelope per procedure when the call was batched.
 */
export function trpcErrorResponse(
  call: { procedurePath: string; batched: boolean },
  httpStatus: number,
  code: TRPC_ERROR_CODE_KEY,
  message: string,
): Response {
  const envelope = { error: { message, code: TRPC_ERROR_CODES_BY_KEY[code], data: { code, httpStatus, issues: [] } } };
  const body = call.batched ? Array.from({ length: call.procedurePath.split(',').length }, () => envelope) : envelope;
  return Response.json(body, { status: httpStatus, headers: { 'cache-control': 'no-store' } });
}
