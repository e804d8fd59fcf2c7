import { TRPCClientError } from '@trpc/client';
import type { UpstreamView } from '@/lib/api-types';

// The runtime refuses a write based on an older version of the upstream (tRPC CONFLICT,
// `headwaterCode: 'version_conflict'`) and says what is stored now, secrets masked.

export type VersionConflict = {
  message: string;
  /** The upstream as stored now. */
  current: UpstreamView;
  expectedVersion: number;
  currentVersion: number;
};

export function versionConflictOf(error: unknown): VersionConflict | null {
  if (!(error instanceof TRPCClientError)) return null;
  const data = error.data as { headwaterCode?: unknown; current?: unknown; expectedVersion?: unknown; currentVersion?: unknown } | null;
  if (data?.headwaterCode !== 'version_conflict' || typeof data.current !== 'object' || data.current === null) return null;
  return {
    message: error.message,
    current: data.current as UpstreamView,
    expectedVersion: Number(data.expectedVersion),
    currentVersion: Number(data.currentVersion),
  };
}
