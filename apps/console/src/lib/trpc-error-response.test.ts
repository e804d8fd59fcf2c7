import { describe, expect, it } from 'vitest';
import { trpcErrorResponse } from '@/lib/trpc-error-response';

describe('trpcErrorResponse', () => {
  it('answers a single call with one envelope, as the runtime would', async () => {
    const response = trpcErrorResponse({ procedurePath: 'upstreams.create', batched: false }, 413, 'PAYLOAD_TOO_LARGE', 'too big');
    expect(response.status).toBe(413);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: { message: 'too big', code: -32013, data: { code: 'PAYLOAD_TOO_LARGE', httpStatus: 413, issues: [] } },
    });
  });

  it('answers a batched call with one envelope per procedure', async () => {
    const response = trpcErrorResponse(
      { procedurePath: 'upstreams.list,states.watch', batched: true },
      401,
      'UNAUTHORIZED',
      'not logged in',
    );
    const body = (await response.json()) as { error: { code: number } }[];
    expect(body).toHaveLength(2);
    expect(body.map((entry) => entry.error.code)).toEqual([-32001, -32001]);
  });
});
