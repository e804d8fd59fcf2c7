import { describe, expect, it } from 'vitest';
import { quotaLabel, resetsIn } from './quota-label.ts';
import type { QuotaState } from './quota-state.ts';
import { DEFAULT_QUOTA_WINDOW_MS, EMPTY_QUOTA, lowestQuota, nextQuotaReset, observeQuota, quotaWeightFactor } from './quota-state.ts';
import type { LimitReading, RateLimitReport } from './rate-limit-headers.ts';
import { NO_RATE_LIMITS, parseRateLimitHeaders } from './rate-limit-headers.ts';

const requests = (remaining: number | null, limit: number | null, resetAt: number | null): RateLimitReport => ({
  requests: { remaining, limit, resetAt },
  tokens: null,
});
const tokens = (reading: LimitReading): RateLimitReport => ({ requests: null, tokens: reading });
const replay = (reports: ReadonlyArray<readonly [RateLimitReport, number]>, start: QuotaState = EMPTY_QUOTA): QuotaState =>
  reports.reduce((state, [report, now]) => observeQuota(state, report, now), start);

describe('observeQuota and quotaWeightFactor', () => {
  it('keeps the factor at 1 while every budget has 20 % or more', () => {
    const state = observeQuota(EMPTY_QUOTA, requests(20, 100, 10_000), 0);
    expect(quotaWeightFactor(state, 0)).toBe(1);
    expect(quotaLabel(state, 0)).toBeNull();
  });

  it.each([
    [19, 0.95],
    [10, 0.5],
    [7, 0.35],
    [1, 0.05],
    [0, 0.05],
  ])('a share of %d %% gives the factor %d', (remaining, factor) => {
    const state = observeQuota(EMPTY_QUOTA, requests(remaining, 100, 10_000), 0);
    expect(quotaWeightFactor(state, 0)).toBe(factor);
  });

  it('takes the share in whole percent, rounded down (no 0.29 × 100 = 28.999…)', () => {
    expect(lowestQuota(observeQuota(EMPTY_QUOTA, requests(29, 1_000, 10_000), 0), 0)?.sharePct).toBe(2);
    expect(lowestQuota(observeQuota(EMPTY_QUOTA, requests(199, 1_000, 10_000), 0), 0)?.sharePct).toBe(19);
    expect(quotaWeightFactor(observeQuota(EMPTY_QUOTA, requests(199_999, 1_000_000, 10_000), 0), 0)).toBe(0.95);
  });

  it('follows the lowest budget, requests or tokens', () => {
    const state = replay([
      [requests(50, 100, 60_000), 0],
      [tokens({ remaining: 1_500, limit: 100_000, resetAt: 30_000 }), 0],
    ]);
    expect(lowestQuota(state, 0)).toEqual({ dimension: 'tokens', sharePct: 1, resetAt: 30_000 });
    expect(quotaWeightFactor(state, 0)).toBe(0.05);
  });

  it('counts a budget whose reset has passed as full again', () => {
    const state = observeQuota(EMPTY_QUOTA, requests(0, 100, 12_000), 0);
    expect(quotaWeightFactor(state, 11_999)).toBe(0.05);
    expect(quotaWeightFactor(state, 12_000)).toBe(1);
    expect(nextQuotaReset(state, 0)).toBe(12_000);
  });

  it('changes nothing for a response without rate-limit headers, or without a remaining count', () => {
    const state = observeQuota(EMPTY_QUOTA, requests(3, 100, 12_000), 0);
    expect(observeQuota(state, NO_RATE_LIMITS, 1_000)).toBe(state);
    expect(observeQuota(state, requests(null, 100, 50_000), 1_000)).toBe(state);
    expect(observeQuota(state, parseRateLimitHeaders({ 'content-type': 'text/plain' }, 1_000), 1_000)).toBe(state);
  });

  it('ignores a report whose reset is already past (a window that is over says nothing about now)', () => {
    expect(observeQuota(EMPTY_QUOTA, requests(0, 100, 5_000), 5_000)).toBe(EMPTY_QUOTA);
  });

  it('gives a report without a reset a one-minute window', () => {
    const state = observeQuota(EMPTY_QUOTA, requests(5, 100, null), 1_000);
    expect(state.requests?.resetAt).toBe(1_000 + DEFAULT_QUOTA_WINDOW_MS);
  });

  it('knows only an empty budget as low when the service sends no limit (Azure)', () => {
    const some = observeQuota(EMPTY_QUOTA, tokens({ remaining: 40, limit: null, resetAt: null }), 0);
    expect(quotaWeightFactor(some, 0)).toBe(1);
    const none = observeQuota(some, tokens({ remaining: 0, limit: null, resetAt: null }), 1_000);
    expect(quotaWeightFactor(none, 1_000)).toBe(0.05);
  });
});

describe('one window: the factor never rises before the known reset', () => {
  it('ignores a late response that reports more remaining than already seen', () => {
    const state = replay([
      [requests(10, 100, 60_000), 1_000],
      [requests(5, 100, 60_000), 2_000],
      [requests(9, 100, 60_000), 3_000], // left the service before the 5 did
    ]);
    expect(state.requests).toEqual({ remaining: 5, limit: 100, resetAt: 60_000 });
    expect(quotaWeightFactor(state, 3_000)).toBe(0.25);
  });

  it('ignores it even when its reset, read as a duration from its late arrival, looks later', () => {
    const falling = observeQuota(
      EMPTY_QUOTA,
      parseRateLimitHeaders(
        { 'x-ratelimit-remaining-requests': '5', 'x-ratelimit-limit-requests': '100', 'x-ratelimit-reset-requests': '58s' },
        2_000,
      ),
      2_000,
    );
    const late = parseRateLimitHeaders(
      { 'x-ratelimit-remaining-requests': '9', 'x-ratelimit-limit-requests': '100', 'x-ratelimit-reset-requests': '59s' },
      30_000,
    );
    expect(observeQuota(falling, late, 30_000)).toBe(falling);
  });

  it('ends the window at the latest reset reported with a lower or equal remaining', () => {
    const state = replay([
      [requests(10, 100, 60_000), 0],
      [requests(10, 100, 60_900), 100], // rounding of "1m0s" against the receiving clock
      [requests(8, 100, 59_000), 200],
    ]);
    expect(state.requests).toEqual({ remaining: 8, limit: 100, resetAt: 60_900 });
    expect(quotaWeightFactor(state, 60_899)).toBe(0.4);
    expect(quotaWeightFactor(state, 60_900)).toBe(1);
  });

  it('returns the same state when a report repeats what is known', () => {
    const state = observeQuota(EMPTY_QUOTA, requests(8, 100, 60_000), 0);
    expect(observeQuota(state, requests(8, 100, 60_000), 10)).toBe(state);
    expect(observeQuota(state, requests(8, 100, 59_000), 10)).toBe(state);
  });

  it('opens a new window after the reset, whatever the new report says', () => {
    const state = replay([
      [requests(2, 100, 60_000), 0],
      [requests(99, 100, 120_000), 60_000],
    ]);
    expect(state.requests).toEqual({ remaining: 99, limit: 100, resetAt: 120_000 });
    expect(quotaWeightFactor(state, 60_000)).toBe(1);
  });

  it('opens a new window when the limit changes (another budget: a new key, another tier)', () => {
    const state = replay([
      [requests(2, 100, 60_000), 0],
      [requests(900, 1_000, 60_000), 1_000],
    ]);
    expect(state.requests).toEqual({ remaining: 900, limit: 1_000, resetAt: 60_000 });
  });
});

describe('quotaLabel', () => {
  it('names the lowest budget and the time to its reset', () => {
    const state = observeQuota(EMPTY_QUOTA, requests(7, 100, 12_000), 0);
    expect(quotaLabel(state, 0)).toBe('quota 7 % · resets in 12 s');
    expect(quotaLabel(state, 11_001)).toBe('quota 7 % · resets in 1 s');
    expect(quotaLabel(state, 12_000)).toBeNull();
  });

  it('of two equally low budgets, shows the one that resets last', () => {
    const state = replay([
      [requests(5, 100, 10_000), 0],
      [tokens({ remaining: 50, limit: 1_000, resetAt: 40_000 }), 0],
    ]);
    expect(quotaLabel(state, 0)).toBe('quota 5 % · resets in 40 s');
  });

  it.each([
    [1, '1 s'],
    [999, '1 s'],
    [12_000, '12 s'],
    [59_000, '59 s'],
    [59_001, '1 min'],
    [360_000, '6 min'],
    [330_000, '6 min'],
    [3_540_000, '59 min'],
    [3_540_001, '1 h'],
    [3_600_001, '2 h'],
    [86_400_000, '24 h'],
  ])('%d ms resets in %s', (ms, text) => {
    expect(resetsIn(ms)).toBe(text);
  });
});
