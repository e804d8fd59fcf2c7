import { HeadwaterError, errorCodes } from '@headwater/core';
import type { UpstreamRecord } from './records.ts';

/** What a write may say about the upstream it was based on: the version its caller loaded. Left out, the last writer wins. */
export interface VersionCheck {
  expectedVersion?: number | undefined;
}

/**
 * A write based on a version of its upstream that is no longer the stored one: nothing of it
 * was written. It carries the upstream as stored now, so the caller can show what changed;
 * that record holds open secrets, so it is kept off the error's enumerable fields (nothing that
 * prints or serialises the error shows it) and the admin API masks it before answering.
 */
export class VersionConflict extends HeadwaterError {
  declare readonly current: UpstreamRecord;

  constructor(
    current: UpstreamRecord,
    readonly expectedVersion: number,
  ) {
    super(
      errorCodes.VERSION_CONFLICT,
      `upstream "${current.name}" was changed since you loaded it (version ${expectedVersion}, now ${current.version}): ` +
        'reload to see the changes; nothing was saved',
    );
    Object.defineProperty(this, 'current', { value: current, enumerable: false });
  }

  get currentVersion(): number {
    return this.current.version;
  }
}
