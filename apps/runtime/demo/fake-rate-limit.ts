// A fake AI service's rate limits: a budget of requests (and optionally tokens) per window that
// drains with each request and refills in full when the window ends, reported on every response
// in the headers real services send, and a 429 with `retry-after` once it is empty.

/** Which service's headers: OpenAI and Azure (`x-ratelimit-*`, durations like `6m0s`) or Anthropic (`anthropic-ratelimit-*`, RFC 3339). */
export type RateLimitStyle = 'openai' | 'anthropic';

export interface FakeRateLimitOptions {
  readonly style: RateLimitStyle;
  /** Requests per window. */
  readonly requests: number;
  /** Tokens per window; no token headers (and no token limit) when omitted. */
  readonly tokens?: number | undefined;
  /** Tokens each request uses (default 9, what the fake completion reports as `usage.total_tokens`). */
  readonly tokensPerRequest?: number | undefined;
  /** How long a window lasts; the budget is full again when it ends (default 60 000: a per-minute limit). */
  readonly windowMs?: number | undefined;
}

/** What the budget says about one request: its headers (on every answer), and whether it may be served. */
export interface RateLimitVerdict {
  readonly allowed: boolean;
  readonly headers: Record<string, string>;
  /** The 429's error body when not allowed. */
  readonly body?: unknown;
}

export const DEFAULT_TOKENS_PER_REQUEST = 9;
const DEFAULT_WINDOW_MS = 60_000;

/** A Go `time.Duration` text as OpenAI sends it: `20ms`, `1s`, `12.5s`, `6m0s`, `1h2m3s`. */
export function goDuration(ms: number): string {
  const whole = Math.max(0, Math.ceil(ms));
  if (whole < 1_000) return `${whole}ms`;
  const hours = Math.floor(whole / 3_600_000);
  const minutes = Math.floor((whole % 3_600_000) / 60_000);
  const seconds = (whole % 60_000) / 1_000;
  if (hours > 0) return `${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${minutes}m${seconds}s`;
  return `${seconds}s`;
}

interface Window {
  endsAt: number;
  requests: number;
  tokens: number;
}

/** One backend's budget. Windows start at the first request after the last one ended. */
export class FakeRateLimit {
  private window: Window | null = null;

  constructor(
    readonly options: FakeRateLimitOptions,
    private readonly now: () => number,
  ) {}

  /** Takes one request (and its tokens) from the budget if it holds them. */
  take(): RateLimitVerdict {
    const now = this.now();
    const window = this.current(now);
    const tokensPerRequest = this.options.tokensPerRequest ?? DEFAULT_TOKENS_PER_REQUEST;
    const tokensOut = this.options.tokens !== undefined && window.tokens < tokensPerRequest;
    if (window.requests < 1 || tokensOut) {
      const retryAfterS = String(Math.max(1, Math.ceil((window.endsAt - now) / 1_000)));
      return { allowed: false, headers: { ...this.headers(window, now), 'retry-after': retryAfterS }, body: this.errorBody(tokensOut) };
    }
    window.requests--;
    if (this.options.tokens !== undefined) window.tokens -= tokensPerRequest;
    return { allowed: true, headers: this.headers(window, now) };
  }

  private current(now: number): Window {
    if (this.window === null || this.window.endsAt <= now) {
      this.window = {
        endsAt: now + (this.options.windowMs ?? DEFAULT_WINDOW_MS),
        requests: this.options.requests,
        tokens: this.options.tokens ?? 0,
      };
    }
    return this.window;
  }

  private headers(window: Window, now: number): Record<string, string> {
    const dimensions: Array<['requests' | 'tokens', number, number]> = [['requests', this.options.requests, window.requests]];
    if (this.options.tokens !== undefined) dimensions.push(['tokens', this.options.tokens, window.tokens]);
    const headers: Record<string, string> = {};
    for (const [dimension, limit, remaining] of dimensions) {
      if (this.options.style === 'openai') {
        headers[`x-ratelimit-limit-${dimension}`] = String(limit);
        headers[`x-ratelimit-remaining-${dimension}`] = String(remaining);
        headers[`x-ratelimit-reset-${dimension}`] = goDuration(window.endsAt - now);
      } else {
        headers[`anthropic-ratelimit-${dimension}-limit`] = String(limit);
        headers[`anthropic-ratelimit-${dimension}-remaining`] = String(remaining);
        headers[`anthropic-ratelimit-${dimension}-reset`] = new Date(window.endsAt).toISOString();
      }
    }
    return headers;
  }

  private errorBody(tokens: boolean): unknown {
    const what = tokens ? 'tokens' : 'requests';
    if (this.options.style === 'anthropic') {
      return { type: 'error', error: { type: 'rate_limit_error', message: `This request would exceed your rate limit for ${what}.` } };
    }
    const limit = tokens ? this.options.tokens : this.options.requests;
    return {
      error: {
        message: `Rate limit reached for ${what} per window: Limit ${limit}. Please try again later.`,
        type: what,
        param: null,
        code: 'rate_limit_exceeded',
      },
    };
  }
}
