import { describe, expect, it } from 'vitest';
import { type AttemptDecision, type CountedAttempt, LoginAttemptLimiter } from '@/lib/login-attempt-limiter';

const limits = { perAddress: 3, overall: 10, windowMs: 60_000 };

function limiterWithClock() {
  const clock = { nowMs: 1_000_000 };
  const limiter = new LoginAttemptLimiter(limits, () => clock.nowMs);
  return { clock, limiter };
}

function counted(decision: AttemptDecision): CountedAttempt {
  if (!decision.allowed) throw new Error(`refused, retry after ${decision.retryAfterMs} ms`);
  return decision.attempt;
}

/** `count` wrong tokens from `address`, `gapMs` apart. */
function fail(setup: ReturnType<typeof limiterWithClock>, address: string, count: number, gapMs = 0): void {
  for (let attempt = 0; attempt < count; attempt++) {
    counted(setup.limiter.begin(address));
    setup.clock.nowMs += gapMs;
  }
}

describe('LoginAttemptLimiter', () => {
  it('lets an address try perAddress wrong tokens, then refuses with the time until the oldest leaves the window', () => {
    const setup = limiterWithClock();
    fail(setup, '192.0.2.1', 3, 10_000);
    // Attempts at t, t+10 s, t+20 s; now is t+30 s: the first leaves the window at t+60 s.
    expect(setup.limiter.begin('192.0.2.1')).toEqual({ allowed: false, retryAfterMs: 30_000 });
    expect(setup.limiter.retryAfterMs('192.0.2.1')).toBe(30_000);
    setup.clock.nowMs += 29_999;
    expect(setup.limiter.retryAfterMs('192.0.2.1')).toBe(1);
    setup.clock.nowMs += 1;
    expect(setup.limiter.retryAfterMs('192.0.2.1')).toBe(0);
    expect(setup.limiter.begin('192.0.2.1').allowed).toBe(true);
    // The window slides: the second attempt (t+10 s) is now the oldest, 10 s from leaving.
    expect(setup.limiter.retryAfterMs('192.0.2.1')).toBe(10_000);
  });

  it('does not count refused attempts: waiting out Retry-After always works', () => {
    const setup = limiterWithClock();
    fail(setup, '192.0.2.1', 3);
    for (let refused = 0; refused < 50; refused++) {
      expect(setup.limiter.begin('192.0.2.1').allowed).toBe(false);
      setup.clock.nowMs += 1_000;
    }
    setup.clock.nowMs += 10_000;
    expect(setup.limiter.begin('192.0.2.1').allowed).toBe(true);
  });

  it('limits each address on its own', () => {
    const setup = limiterWithClock();
    fail(setup, '192.0.2.1', 3);
    expect(setup.limiter.begin('192.0.2.1').allowed).toBe(false);
    expect(setup.limiter.begin('192.0.2.2').allowed).toBe(true);
  });

  it('does not count a refunded attempt (the right token, or a runtime that could not answer)', () => {
    const setup = limiterWithClock();
    for (let login = 0; login < 20; login++) counted(setup.limiter.begin('192.0.2.1')).refund();
    fail(setup, '192.0.2.1', 3);
    expect(setup.limiter.begin('192.0.2.1').allowed).toBe(false);
  });

  it('counts an attempt from its start, so parallel attempts cannot all pass before the first answer', () => {
    const setup = limiterWithClock();
    const inFlight = [1, 2, 3].map(() => setup.limiter.begin('192.0.2.1'));
    expect(inFlight.every((decision) => decision.allowed)).toBe(true);
    expect(setup.limiter.begin('192.0.2.1').allowed).toBe(false);
  });

  it('refunds once, however often refund is called', () => {
    const setup = limiterWithClock();
    const attempt = counted(setup.limiter.begin('192.0.2.1'));
    fail(setup, '192.0.2.1', 2);
    attempt.refund();
    attempt.refund();
    expect(setup.limiter.begin('192.0.2.1').allowed).toBe(true);
    expect(setup.limiter.begin('192.0.2.1').allowed).toBe(false);
  });

  it('refuses everyone once the overall budget is spent, say by forged addresses, until it frees up', () => {
    const setup = limiterWithClock();
    for (let address = 0; address < 10; address++) fail(setup, `198.51.100.${address}`, 1, 1_000);
    // Ten attempts from t to t+9 s; now is t+10 s.
    expect(setup.limiter.begin('203.0.113.1')).toEqual({ allowed: false, retryAfterMs: 50_000 });
    setup.clock.nowMs += 50_000;
    expect(setup.limiter.begin('203.0.113.1').allowed).toBe(true);
  });

  it('keeps its memory bounded by the overall budget, however many addresses try', () => {
    const setup = limiterWithClock();
    // One new address every 6 s: the overall budget (10 a minute) is never refused, yet full.
    let mostTracked = 0;
    for (let address = 0; address < 10_000; address++) {
      expect(setup.limiter.begin(`addr-${address}`).allowed).toBe(true);
      mostTracked = Math.max(mostTracked, setup.limiter.trackedAddresses);
      setup.clock.nowMs += 6_000;
    }
    expect(mostTracked).toBeLessThanOrEqual(limits.overall + 1);
  });

  it('forgets an address once all its attempts have left the window', () => {
    const setup = limiterWithClock();
    fail(setup, '192.0.2.1', 1);
    setup.clock.nowMs += 60_000;
    expect(setup.limiter.retryAfterMs('192.0.2.1')).toBe(0);
    expect(setup.limiter.trackedAddresses).toBe(0);
  });
});
