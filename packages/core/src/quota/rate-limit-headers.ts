import { parseResetAt } from './reset-time.ts';

/** A header's value as Node, undici or a plain object gives it. */
export type HeaderValue = string | readonly string[] | null | undefined;

/** A response's headers: a lookup by lower-case name (`(name) => headers.get(name)`) or an object keyed by lower-case name. */
export type HeaderSource = ((name: string) => HeaderValue) | Readonly<Record<string, HeaderValue>>;

export const quotaDimensions = ['requests', 'tokens'] as const;
export type QuotaDimension = (typeof quotaDimensions)[number];

/** What one response says about one budget; each part null when absent or malformed. */
export interface LimitReading {
  /** Left in the budget: a whole number, at least 0 and at most `limit`. */
  readonly remaining: number | null;
  /** The budget's size: a whole number above 0. */
  readonly limit: number | null;
  /** When the budget is full again, epoch ms on the injected clock. */
  readonly resetAt: number | null;
}

/** What one response says about its target's budgets; a dimension is null when no header names it. */
export type RateLimitReport = Readonly<Record<QuotaDimension, LimitReading | null>>;

interface HeaderNames {
  readonly remaining: string;
  readonly limit: string;
  readonly reset: string;
}

// OpenAI and Azure first, then Anthropic: a response carrying both (a proxy in front of either)
// is read by the first family that names the dimension at all.
const FAMILIES: ReadonlyArray<Readonly<Record<QuotaDimension, HeaderNames>>> = [
  {
    requests: { remaining: 'x-ratelimit-remaining-requests', limit: 'x-ratelimit-limit-requests', reset: 'x-ratelimit-reset-requests' },
    tokens: { remaining: 'x-ratelimit-remaining-tokens', limit: 'x-ratelimit-limit-tokens', reset: 'x-ratelimit-reset-tokens' },
  },
  {
    requests: {
      remaining: 'anthropic-ratelimit-requests-remaining',
      limit: 'anthropic-ratelimit-requests-limit',
      reset: 'anthropic-ratelimit-requests-reset',
    },
    tokens: {
      remaining: 'anthropic-ratelimit-tokens-remaining',
      limit: 'anthropic-ratelimit-tokens-limit',
      reset: 'anthropic-ratelimit-tokens-reset',
    },
  },
];

const COUNT = /^-?\d+(?:\.\d+)?$/;
export const NO_RATE_LIMITS: RateLimitReport = { requests: null, tokens: null };

/**
 * Whether a response reports any remaining budget at all: the one check every response of a
 * quota-aware upstream pays (four property reads, nothing allocated). Without a remaining count
 * a report changes nothing (see `observeQuota`), so the full read is skipped.
 */
export function reportsRemaining(headers: Readonly<Record<string, HeaderValue>>): boolean {
  return (
    headers['x-ratelimit-remaining-requests'] !== undefined ||
    headers['x-ratelimit-remaining-tokens'] !== undefined ||
    headers['anthropic-ratelimit-requests-remaining'] !== undefined ||
    headers['anthropic-ratelimit-tokens-remaining'] !== undefined
  );
}

/**
 * The rate-limit headers of one response (OpenAI/Azure `x-ratelimit-*`, Anthropic
 * `anthropic-ratelimit-*`), read at `now`. Never throws: a malformed value reads as absent,
 * a negative remaining as 0, a remaining above the limit as the limit.
 */
export function parseRateLimitHeaders(headers: HeaderSource, now: number): RateLimitReport {
  const lookup = typeof headers === 'function' ? headers : (name: string) => headers[name];
  const requests = readDimension(lookup, 'requests', now);
  const tokens = readDimension(lookup, 'tokens', now);
  return requests === null && tokens === null ? NO_RATE_LIMITS : { requests, tokens };
}

function readDimension(lookup: (name: string) => HeaderValue, dimension: QuotaDimension, now: number): LimitReading | null {
  for (const family of FAMILIES) {
    const names = family[dimension];
    const remainingText = single(lookup(names.remaining));
    const limitText = single(lookup(names.limit));
    const resetText = single(lookup(names.reset));
    if (remainingText === null && limitText === null && resetText === null) continue;
    const limit = count(limitText);
    const positiveLimit = limit !== null && limit > 0 ? limit : null;
    const remaining = count(remainingText);
    return {
      remaining: remaining === null ? null : Math.min(Math.max(0, remaining), positiveLimit ?? Infinity),
      limit: positiveLimit,
      resetAt: resetText === null ? null : parseResetAt(resetText, now),
    };
  }
  return null;
}

/** One value: a repeated header counts only when every copy agrees. */
function single(value: HeaderValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (value.length === 0 || value.some((copy) => copy !== value[0])) return null;
  return value[0]!;
}

/** A whole count (decimals dropped toward zero), or null when the text is not a number. */
function count(text: string | null): number | null {
  const value = text?.trim();
  if (!value || !COUNT.test(value)) return null;
  const whole = Math.trunc(Number(value));
  return Number.isSafeInteger(whole) ? whole : null;
}
