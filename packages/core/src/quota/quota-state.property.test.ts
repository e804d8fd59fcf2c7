import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { manualClock } from '../ports.ts';
import { quotaLabel } from './quota-label.ts';
import type { QuotaState } from './quota-state.ts';
import { DEFAULT_QUOTA_WINDOW_MS, EMPTY_QUOTA, nextQuotaReset, observeQuota, quotaWeightFactor } from './quota-state.ts';
import type { QuotaDimension } from './rate-limit-headers.ts';
import { parseRateLimitHeaders } from './rate-limit-headers.ts';

// The spec's property, driven through the header parser with a fake clock: within one window
// the weight factor never rises while the remaining share falls (nor when late responses
// report more than already seen), it returns to 1 once the reset passes, and it always stays
// in [0.05, 1].

const START = 1_800_000_000_000;
const WINDOW_MS = 60_000;

/** One response of a window: its remaining count, its arrival gap, and how it states the reset. */
const response = fc.record({
  remaining: fc.integer({ min: -5, max: 1_100 }),
  gapMs: fc.integer({ min: 0, max: 2_000 }),
  resetFormat: fc.constantFrom('duration', 'seconds', 'rfc3339', 'absent'),
  family: fc.constantFrom('openai', 'anthropic'),
  dimension: fc.constantFrom<QuotaDimension>('requests', 'tokens'),
});
type Response = typeof response extends fc.Arbitrary<infer T> ? T : never;

const rfc3339 = (epochMs: number) => new Date(epochMs).toISOString();

function headersOf(r: Response, limit: number, resetAt: number, now: number): Record<string, string> {
  const left = Math.max(0, resetAt - now);
  const reset = {
    duration: `${Math.floor(left / 60_000)}m${(left % 60_000) / 1_000}s`,
    seconds: String(left / 1_000),
    rfc3339: rfc3339(resetAt),
    absent: null,
  }[r.resetFormat];
  const names =
    r.family === 'openai'
      ? {
          remaining: `x-ratelimit-remaining-${r.dimension}`,
          limit: `x-ratelimit-limit-${r.dimension}`,
          reset: `x-ratelimit-reset-${r.dimension}`,
        }
      : {
          remaining: `anthropic-ratelimit-${r.dimension}-remaining`,
          limit: `anthropic-ratelimit-${r.dimension}-limit`,
          reset: `anthropic-ratelimit-${r.dimension}-reset`,
        };
  return { [names.remaining]: String(r.remaining), [names.limit]: String(limit), ...(reset === null ? {} : { [names.reset]: reset }) };
}

/** Feeds the responses, all of one window ending at `resetAt`, at the clock's advancing time; returns the factor after each. */
function drive(responses: readonly Response[], limit: number, resetAt: number, clock: ReturnType<typeof manualClock>) {
  let state: QuotaState = EMPTY_QUOTA;
  const factors: number[] = [];
  for (const r of responses) {
    clock.advance(r.gapMs);
    const now = clock.now();
    if (now >= resetAt) break;
    state = observeQuota(state, parseRateLimitHeaders(headersOf(r, limit, resetAt, now), now), now);
    factors.push(quotaWeightFactor(state, now));
  }
  return { state, factors };
}

const limits = fc.integer({ min: 1, max: 1_000 });
const window = fc.record({ limit: limits, responses: fc.array(response, { maxLength: 40 }) });

describe('quota weight factor (properties)', () => {
  it('never rises while the remaining share falls within one window', () => {
    fc.assert(
      fc.property(window, ({ limit, responses }) => {
        const falling = responses.map((r, i) => ({ ...r, remaining: Math.max(0, limit - i * Math.ceil(limit / 20)) }));
        const clock = manualClock(START);
        const { factors } = drive(falling, limit, START + WINDOW_MS, clock);
        factors.forEach((factor, i) => {
          if (i > 0) expect(factor).toBeLessThanOrEqual(factors[i - 1]!);
        });
      }),
    );
  });

  it('never rises within one window whatever order the responses come back in (late ones report more)', () => {
    fc.assert(
      fc.property(window, ({ limit, responses }) => {
        const clock = manualClock(START);
        const { factors } = drive(responses, limit, START + WINDOW_MS, clock);
        factors.forEach((factor, i) => {
          if (i > 0) expect(factor).toBeLessThanOrEqual(factors[i - 1]!);
        });
      }),
    );
  });

  it('returns to 1 once the reset passes, and the view knows when', () => {
    fc.assert(
      fc.property(window, fc.integer({ min: 0, max: 10 * WINDOW_MS }), ({ limit, responses }, wait) => {
        const clock = manualClock(START);
        const { state } = drive(responses, limit, START + WINDOW_MS, clock);
        const next = nextQuotaReset(state, clock.now());
        if (next !== null) expect(next).toBeGreaterThan(clock.now());
        if (quotaWeightFactor(state, clock.now()) < 1) expect(next).not.toBeNull();
        // The stated reset (+1 ms: a duration's sub-millisecond part is rounded up); a response
        // that states none holds for DEFAULT_QUOTA_WINDOW_MS from its arrival.
        const stated = responses.every((r) => r.resetFormat !== 'absent');
        const reset = stated ? START + WINDOW_MS + 1 : Math.max(START + WINDOW_MS, clock.now() + DEFAULT_QUOTA_WINDOW_MS);
        expect(quotaWeightFactor(state, reset + wait)).toBe(1);
        expect(quotaLabel(state, reset + wait)).toBeNull();
      }),
    );
  });

  it('stays in [0.05, 1] and is below 1 exactly when the grid shows a quota reason', () => {
    const reading = fc.option(fc.integer({ min: -10, max: 2_000 }), { nil: null });
    const step = fc.record({
      remaining: reading,
      limit: fc.option(fc.integer({ min: 0, max: 1_000 }), { nil: null }),
      resetIn: fc.option(fc.integer({ min: -5_000, max: 120_000 }), { nil: null }),
      dimension: fc.constantFrom<QuotaDimension>('requests', 'tokens'),
      gapMs: fc.integer({ min: 0, max: 30_000 }),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        let state: QuotaState = EMPTY_QUOTA;
        let now = START;
        for (const s of steps) {
          now += s.gapMs;
          const headers: Record<string, string> = {};
          if (s.remaining !== null) headers[`x-ratelimit-remaining-${s.dimension}`] = String(s.remaining);
          if (s.limit !== null) headers[`x-ratelimit-limit-${s.dimension}`] = String(s.limit);
          if (s.resetIn !== null) headers[`x-ratelimit-reset-${s.dimension}`] = s.resetIn < 0 ? rfc3339(now + s.resetIn) : `${s.resetIn}ms`;
          state = observeQuota(state, parseRateLimitHeaders(headers, now), now);
          const factor = quotaWeightFactor(state, now);
          expect(factor).toBeGreaterThanOrEqual(0.05);
          expect(factor).toBeLessThanOrEqual(1);
          expect(quotaLabel(state, now) !== null).toBe(factor < 1);
        }
      }),
    );
  });

  it('between reports, time alone only ever raises the factor', () => {
    fc.assert(
      fc.property(window, fc.array(fc.integer({ min: 0, max: 20_000 }), { maxLength: 10 }), ({ limit, responses }, gaps) => {
        const clock = manualClock(START);
        const { state } = drive(responses, limit, START + WINDOW_MS, clock);
        let previous = quotaWeightFactor(state, clock.now());
        for (const gap of gaps) {
          clock.advance(gap);
          const factor = quotaWeightFactor(state, clock.now());
          expect(factor).toBeGreaterThanOrEqual(previous);
          previous = factor;
        }
      }),
    );
  });
});
