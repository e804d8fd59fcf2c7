import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { upstreamView } from '@/lib/test-views';
import { versionConflictOf } from '@/lib/version-conflict';

const current = upstreamView({ name: 'pool', version: 5 });
const error = (data: Record<string, unknown>) =>
  TRPCClientError.from({ error: { code: -32603, message: 'upstream "pool" was changed since you loaded it (version 4, now 5)', data } });

describe('versionConflictOf', () => {
  it('reads the stored copy and both versions from a version conflict', () => {
    const conflict = versionConflictOf(
      error({ code: 'CONFLICT', headwaterCode: 'version_conflict', current, expectedVersion: 4, currentVersion: 5 }),
    );
    expect(conflict).toEqual({
      message: 'upstream "pool" was changed since you loaded it (version 4, now 5)',
      current,
      expectedVersion: 4,
      currentVersion: 5,
    });
  });

  it.each([
    ['another conflict (a taken name)', error({ code: 'CONFLICT', headwaterCode: 'already_exists' })],
    ['a version conflict without the stored copy', error({ headwaterCode: 'version_conflict' })],
    ['a plain Error', new Error('version_conflict')],
  ])('is null for %s', (_, err) => {
    expect(versionConflictOf(err)).toBeNull();
  });
});
