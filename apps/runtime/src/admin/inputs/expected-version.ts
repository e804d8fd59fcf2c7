import { int } from '@headwater/core';

/**
 * The upstream version a write was based on (`version` of the UpstreamView the caller loaded).
 * Given, the write fails with CONFLICT (`version_conflict`) and stores nothing when the upstream
 * has changed since; left out, the last writer wins, as scripts expect.
 */
export const expectedVersion = int(1).optional();
