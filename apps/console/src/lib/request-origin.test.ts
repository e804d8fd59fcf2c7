import { NextRequest } from 'next/server';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsoleEnv } from '@/env';
import { cameOverHttps, isCrossSite } from '@/lib/request-origin';

const env = vi.hoisted(() => ({ HEADWATER_CONSOLE_SECURE_COOKIE: 'auto' }) as Pick<ConsoleEnv, 'HEADWATER_CONSOLE_SECURE_COOKIE'>);
vi.mock('@/env', () => ({ env }));

const request = (url: string, headers: Record<string, string> = {}) => new NextRequest(url, { method: 'POST', headers });

describe('cameOverHttps', () => {
  beforeEach(() => {
    env.HEADWATER_CONSOLE_SECURE_COOKIE = 'auto';
  });

  it.each([
    ['plain http', 'http://127.0.0.1:3000/api/session', {}, false],
    ['https', 'https://console.example/api/session', {}, true],
    ['http behind a TLS proxy', 'http://10.0.0.5:3000/api/session', { 'x-forwarded-proto': 'https' }, true],
    ['the first of a proxy chain', 'http://10.0.0.5:3000/', { 'x-forwarded-proto': ' https , http' }, true],
    ['a proxy that says http, whatever the URL', 'https://console.example/', { 'x-forwarded-proto': 'http' }, false],
  ])('auto: %s -> %s', (_, url, headers, expected) => {
    expect(cameOverHttps(request(url, headers))).toBe(expected);
  });

  it.each([
    ['true', 'http://127.0.0.1:3000/', true],
    ['false', 'https://console.example/', false],
  ] as const)('%s overrides what the request says', (setting, url, expected) => {
    env.HEADWATER_CONSOLE_SECURE_COOKIE = setting;
    expect(cameOverHttps(request(url, { 'x-forwarded-proto': expected ? 'http' : 'https' }))).toBe(expected);
  });
});

describe('isCrossSite', () => {
  const url = 'http://console.example:3000/api/trpc/targets.drain';
  // What a browser sends: the Host it connected to, plus whatever the case adds.
  const browserRequest = (headers: Record<string, string>) => request(url, { host: 'console.example:3000', ...headers });
  it.each([
    ['no Origin header (curl; it cannot carry the cookie cross-site)', {}, false],
    ['the same host', { origin: 'http://console.example:3000' }, false],
    ['the same host behind a proxy', { origin: 'https://ops.example', 'x-forwarded-host': 'ops.example' }, false],
    ['another host', { origin: 'http://evil.example' }, true],
    ['another port', { origin: 'http://console.example:4000' }, true],
    ['an opaque origin ("null": sandboxed frames, file:)', { origin: 'null' }, true],
    ['an Origin that is not a URL', { origin: 'not a url' }, true],
    ['the browser says same-origin', { origin: 'http://console.example:3000', 'sec-fetch-site': 'same-origin' }, false],
    ['a page the operator typed or bookmarked', { 'sec-fetch-site': 'none' }, false],
    ['the browser says cross-site, without an Origin', { 'sec-fetch-site': 'cross-site' }, true],
    [
      'a sibling subdomain: same site, so it carries the cookie',
      { origin: 'http://evil.example:3000', 'sec-fetch-site': 'same-site' },
      true,
    ],
    [
      'the browser says cross-site though Origin matches Host',
      { origin: 'http://console.example:3000', 'sec-fetch-site': 'cross-site' },
      true,
    ],
  ])('%s -> %s', (_, headers, expected) => {
    expect(isCrossSite(browserRequest(headers))).toBe(expected);
  });
});
