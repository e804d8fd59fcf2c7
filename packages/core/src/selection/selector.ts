import type { Random } from '../ports.ts';

/**
 * What a selector may ask about the members of its tier (local indices 0..size-1). It never
 * learns why a member is refused: the balancer filters (health, tried, full), the selector
 * only orders.
 */
export interface SelectionContext {
  /**
   * May member `index` take this pick? `lastResort` = the selector has given up on its
   * preferred order and is scanning: soft preferences (slow-start smoothing) must not refuse.
   */
  accept(index: number, lastResort: boolean): boolean;
  /** Effective weight now (slow start, half-open), 0 for a member that is not a candidate. */
  weight(index: number): number;
  /** Attempts in flight at the member. */
  inFlight(index: number): number;
  /** Peak-EWMA time to first byte; the tier's median for a member without samples. */
  latencyMs(index: number): number;
  /** A member drawn at random in proportion to effective weight, or -1 when none. */
  sample(random: number): number;
  readonly random: Random;
  /** 32-bit hash of the request's key; null = no key (pick at random). */
  readonly keyHash: number | null;
  /** Fixed start point for a request without a key, so its retries walk the ring too. */
  readonly randomStart: number;
}

/** Built once per (target set, weights) of a tier; orders members for one pick. */
export interface Selector {
  /** The chosen member, or -1 when no member is accepted. */
  choose(context: SelectionContext): number;
}
