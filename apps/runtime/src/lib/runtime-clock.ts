import type { Clock } from '@headwater/core';

/**
 * The runtime's one clock. `now()` is core's Clock (epoch ms: deadlines, cooldowns, the
 * grid's timestamps); `monotonicMs()` is for durations only (time to first byte, a
 * request's time), so a wall-clock step never makes one negative. The two are never mixed.
 */
export interface RuntimeClock extends Clock {
  /** Milliseconds from an arbitrary origin, sub-millisecond, never going back. */
  monotonicMs(): number;
}

/** The system's clock: the only place the runtime reads the time. */
export const systemClock: RuntimeClock = {
  now: () => Date.now(),
  monotonicMs: () => performance.now(),
};
