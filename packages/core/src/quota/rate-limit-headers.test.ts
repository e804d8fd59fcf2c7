import { describe, expect, it } from 'vitest';
import { NO_RATE_LIMITS, parseRateLimitHeaders, reportsRemaining } from './rate-limit-headers.ts';

const NOW = 1_800_000_000_000; // 2027-01-15T08:00:00Z

describe('parseRateLimitHeaders', () => {
  it('reads OpenAI and Azure headers, resets as durations from now', () => {
    const report = parseRateLimitHeaders(
      {
        'x-ratelimit-limit-requests': '60',
        'x-ratelimit-remaining-requests': '59',
        'x-ratelimit-reset-requests': '1s',
        'x-ratelimit-limit-tokens': '150000',
        'x-ratelimit-remaining-tokens': '149984',
        'x-ratelimit-reset-tokens': '6m0s',
      },
      NOW,
    );
    expect(report).toEqual({
      requests: { remaining: 59, limit: 60, resetAt: NOW + 1_000 },
      tokens: { remaining: 149_984, limit: 150_000, resetAt: NOW + 360_000 },
    });
  });

  it('reads Anthropic headers, resets as RFC 3339 times', () => {
    const report = parseRateLimitHeaders(
      {
        'anthropic-ratelimit-requests-limit': '50',
        'anthropic-ratelimit-requests-remaining': '3',
        'anthropic-ratelimit-requests-reset': '2027-01-15T08:00:12Z',
        'anthropic-ratelimit-tokens-limit': '40000',
        'anthropic-ratelimit-tokens-remaining': '38000',
        'anthropic-ratelimit-tokens-reset': '2027-01-15T09:00:01.250+01:00',
      },
      NOW,
    );
    expect(report).toEqual({
      requests: { remaining: 3, limit: 50, resetAt: NOW + 12_000 },
      tokens: { remaining: 38_000, limit: 40_000, resetAt: NOW + 1_250 },
    });
  });

  it('takes a lookup function, as for undici or fetch Headers', () => {
    const headers = new Map([
      ['x-ratelimit-remaining-requests', '7'],
      ['x-ratelimit-limit-requests', '100'],
    ]);
    expect(parseRateLimitHeaders((name) => headers.get(name), NOW)).toEqual({
      requests: { remaining: 7, limit: 100, resetAt: null },
      tokens: null,
    });
  });

  it('reads Azure-style remaining counts sent without a limit or a reset', () => {
    expect(parseRateLimitHeaders({ 'x-ratelimit-remaining-tokens': '0' }, NOW)).toEqual({
      requests: null,
      tokens: { remaining: 0, limit: null, resetAt: null },
    });
  });

  it('returns the shared empty report when no header names a budget', () => {
    expect(parseRateLimitHeaders({ 'content-type': 'application/json', 'retry-after': '3' }, NOW)).toBe(NO_RATE_LIMITS);
    expect(parseRateLimitHeaders(() => undefined, NOW)).toBe(NO_RATE_LIMITS);
  });

  it.each([
    ['negative remaining reads as 0', { remaining: '-3', limit: '10' }, { remaining: 0, limit: 10 }],
    ['remaining above the limit reads as the limit', { remaining: '12', limit: '10' }, { remaining: 10, limit: 10 }],
    ['decimals are dropped', { remaining: '4.9', limit: '10.0' }, { remaining: 4, limit: 10 }],
    ['spaces around a number are fine', { remaining: ' 4 ', limit: '10' }, { remaining: 4, limit: 10 }],
    ['a limit of 0 is no limit', { remaining: '0', limit: '0' }, { remaining: 0, limit: null }],
    ['a negative limit is no limit', { remaining: '5', limit: '-10' }, { remaining: 5, limit: null }],
    ['words are ignored', { remaining: 'lots', limit: 'ten' }, { remaining: null, limit: null }],
    ['empty values are ignored', { remaining: '', limit: '' }, { remaining: null, limit: null }],
    ['exponents and hex are ignored', { remaining: '1e3', limit: '0x10' }, { remaining: null, limit: null }],
    ['unsafe integers are ignored', { remaining: '9007199254740993', limit: '99999999999999999999' }, { remaining: null, limit: null }],
  ])('%s', (_, given, read) => {
    const report = parseRateLimitHeaders(
      { 'x-ratelimit-remaining-requests': given.remaining, 'x-ratelimit-limit-requests': given.limit, 'x-ratelimit-reset-requests': '1s' },
      NOW,
    );
    expect(report.requests).toEqual({ ...read, resetAt: NOW + 1_000 });
  });

  it.each(['soon', '-1s', '5 s', '2027-01-15T08:00:12', ''])('ignores the malformed reset %j, keeps the counts', (reset) => {
    const report = parseRateLimitHeaders(
      { 'x-ratelimit-remaining-tokens': '5', 'x-ratelimit-limit-tokens': '10', 'x-ratelimit-reset-tokens': reset },
      NOW,
    );
    expect(report.tokens).toEqual({ remaining: 5, limit: 10, resetAt: null });
  });

  it('reads a repeated header only when its copies agree', () => {
    const agreeing = parseRateLimitHeaders({ 'x-ratelimit-remaining-requests': ['5', '5'], 'x-ratelimit-limit-requests': '10' }, NOW);
    expect(agreeing.requests?.remaining).toBe(5);
    const disagreeing = parseRateLimitHeaders({ 'x-ratelimit-remaining-requests': ['5', '9'], 'x-ratelimit-limit-requests': '10' }, NOW);
    expect(disagreeing.requests).toEqual({ remaining: null, limit: 10, resetAt: null });
    expect(parseRateLimitHeaders({ 'x-ratelimit-remaining-requests': [] }, NOW)).toBe(NO_RATE_LIMITS);
  });

  it('reads each budget from the first family that names it', () => {
    const report = parseRateLimitHeaders(
      {
        'x-ratelimit-remaining-requests': '1',
        'x-ratelimit-limit-requests': '10',
        'anthropic-ratelimit-requests-remaining': '9',
        'anthropic-ratelimit-requests-limit': '10',
        'anthropic-ratelimit-tokens-remaining': '100',
        'anthropic-ratelimit-tokens-limit': '1000',
      },
      NOW,
    );
    expect(report.requests).toMatchObject({ remaining: 1, limit: 10 });
    expect(report.tokens).toMatchObject({ remaining: 100, limit: 1_000 });
  });

  it('never throws, whatever the headers hold', () => {
    const values = [undefined, null, '', ' ', '-', '--1', '1..2', '∞', '\u0000', 'x'.repeat(10_000), ['1', '2'], [], ['']];
    for (const value of values) {
      const headers = Object.fromEntries(
        ['requests', 'tokens'].flatMap((dim) =>
          ['limit', 'remaining', 'reset'].flatMap((part) => [
            [`x-ratelimit-${part}-${dim}`, value],
            [`anthropic-ratelimit-${dim}-${part}`, value],
          ]),
        ),
      );
      expect(() => parseRateLimitHeaders(headers, NOW)).not.toThrow();
    }
  });
});

describe('reportsRemaining', () => {
  it('is true exactly when some remaining count is present, the only headers a report changes anything by', () => {
    expect(reportsRemaining({ 'content-type': 'application/json', 'x-ratelimit-limit-requests': '60' })).toBe(false);
    for (const name of [
      'x-ratelimit-remaining-requests',
      'x-ratelimit-remaining-tokens',
      'anthropic-ratelimit-requests-remaining',
      'anthropic-ratelimit-tokens-remaining',
    ]) {
      expect(reportsRemaining({ [name]: '5' })).toBe(true);
      expect(parseRateLimitHeaders({ [name]: '5' }, 0)).not.toBe(NO_RATE_LIMITS);
    }
  });
});
