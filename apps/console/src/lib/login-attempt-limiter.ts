// How many wrong admin tokens the console lets through to the runtime. Every login asks the
// runtime, so without a limit the login form is an unmetered token-guessing oracle.
//
// Sliding windows over the times of failed attempts: per client address, and overall. An
// attempt counts from the moment it starts (so a burst sent in parallel cannot all slip past
// the check before the first answer), and is refunded when the token turns out right or the
// runtime could not be asked: only wrong tokens count. A refused (429) attempt does not count
// either, so waiting out Retry-After always works.
//
// Memory stays bounded without evicting anyone: every counted attempt is also in the overall
// window, so at most `overall` addresses have attempts in the window, and the table is swept
// of expired addresses whenever it grows past that.

export interface LoginAttemptLimits {
  /** Wrong tokens one client address may try per window. */
  perAddress: number;
  /** Wrong tokens all addresses together may try per window: the bound when addresses are forged. */
  overall: number;
  windowMs: number;
}

export const LOGIN_ATTEMPT_LIMITS: LoginAttemptLimits = { perAddress: 10, overall: 100, windowMs: 60_000 };

/** An attempt being counted; `refund` takes it back (right token, or runtime unreachable). */
export interface CountedAttempt {
  refund(): void;
}

export type AttemptDecision = { allowed: true; attempt: CountedAttempt } | { allowed: false; retryAfterMs: number };

export class LoginAttemptLimiter {
  readonly #limits: LoginAttemptLimits;
  readonly #nowMs: () => number;
  /** Start times of counted attempts in the window, oldest first. */
  readonly #overall: number[] = [];
  readonly #byAddress = new Map<string, number[]>();

  /** `nowMs` is a monotonic clock (tests pass their own). */
  constructor(limits: LoginAttemptLimits = LOGIN_ATTEMPT_LIMITS, nowMs: () => number = () => performance.now()) {
    this.#limits = limits;
    this.#nowMs = nowMs;
  }

  /** How long `address` must wait before its next attempt would be allowed; 0 when it may try now. */
  retryAfterMs(address: string): number {
    const nowMs = this.#nowMs();
    this.#expire(nowMs);
    const mine = this.#attemptsOf(address, nowMs);
    return Math.max(this.#waitMs(mine, this.#limits.perAddress, nowMs), this.#waitMs(this.#overall, this.#limits.overall, nowMs));
  }

  /** Counts an attempt for `address`, unless its budget or the overall one is spent. */
  begin(address: string): AttemptDecision {
    const retryAfterMs = this.retryAfterMs(address);
    if (retryAfterMs > 0) return { allowed: false, retryAfterMs };
    const startedMs = this.#nowMs();
    const mine = this.#byAddress.get(address) ?? [];
    mine.push(startedMs);
    this.#overall.push(startedMs);
    this.#byAddress.set(address, mine);
    if (this.#byAddress.size > this.#limits.overall) this.#sweep();
    let refunded = false;
    const refund = () => {
      if (refunded) return;
      refunded = true;
      removeOne(this.#overall, startedMs);
      const current = this.#byAddress.get(address);
      if (current && removeOne(current, startedMs) && current.length === 0) this.#byAddress.delete(address);
    };
    return { allowed: true, attempt: { refund } };
  }

  /** Addresses currently remembered; exposed so tests can check the memory bound. */
  get trackedAddresses(): number {
    return this.#byAddress.size;
  }

  #attemptsOf(address: string, nowMs: number): readonly number[] {
    const mine = this.#byAddress.get(address);
    if (!mine) return [];
    dropExpired(mine, nowMs - this.#limits.windowMs);
    if (mine.length === 0) this.#byAddress.delete(address);
    return mine;
  }

  /** Until enough of the oldest attempts leave the window to bring the count below `limit`. */
  #waitMs(attempts: readonly number[], limit: number, nowMs: number): number {
    if (attempts.length < limit) return 0;
    const freesASlotAtMs = attempts[attempts.length - limit]! + this.#limits.windowMs;
    return Math.max(0, freesASlotAtMs - nowMs);
  }

  #expire(nowMs: number): void {
    dropExpired(this.#overall, nowMs - this.#limits.windowMs);
  }

  #sweep(): void {
    const cutoffMs = this.#nowMs() - this.#limits.windowMs;
    for (const [address, attempts] of this.#byAddress) {
      dropExpired(attempts, cutoffMs);
      if (attempts.length === 0) this.#byAddress.delete(address);
    }
  }
}

/** Drops the attempts that started at or before `cutoffMs` (oldest first, so from the front). */
function dropExpired(attempts: number[], cutoffMs: number): void {
  let expired = 0;
  while (expired < attempts.length && attempts[expired]! <= cutoffMs) expired++;
  if (expired > 0) attempts.splice(0, expired);
}

function removeOne(attempts: number[], startedMs: number): boolean {
  const index = attempts.lastIndexOf(startedMs);
  if (index === -1) return false;
  attempts.splice(index, 1);
  return true;
}
