import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { invalidConfig } from '../errors.ts';
import { healthCheckOverridesSchema } from './health-checks.ts';
import { targetSchema } from './target.ts';
import { upstreamSchema } from './upstream.ts';

// Injected headers (a target's `headers`, an active probe's `headers`) are sent on every
// request or probe: a framing or hop-by-hop name, or a value Node refuses to send, would fail
// every request at the gateway, or let a header smuggle a second request to the target.

const target = (headers: Record<string, string>) => ({ host: '127.0.0.1', port: 9000, headers });

function messageOf(schema: z.ZodType, input: unknown): string {
  const result = schema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be refused`);
  return invalidConfig(result.error.issues).message;
}

const forbiddenNames = [
  'host',
  'Host',
  'content-length',
  'Transfer-Encoding',
  'connection',
  'expect',
  'upgrade',
  'te',
  'keep-alive',
  'trailer',
  'proxy-authorization',
  'Proxy-Connection',
  'proxy-anything',
];

describe('injected header names', () => {
  it.each(forbiddenNames)('refuse %j, naming the field and the rule', (name) => {
    expect(messageOf(targetSchema, target({ [name]: 'x' }))).toBe(
      `headers.${name}: is a hop-by-hop or framing header, which the gateway sets itself`,
    );
  });

  it.each([
    ['a space', 'x api-key'],
    ['a colon', 'x:key'],
    ['an empty name', ''],
  ])('refuse a name with %s', (_, name) => {
    expect(messageOf(targetSchema, target({ [name]: 'x' }))).toBe(`headers.${name}: must be a valid HTTP header name`);
  });

  it('refuse two names that differ only in case, which would send one of them silently', () => {
    expect(messageOf(targetSchema, target({ Authorization: 'a', authorization: 'b' }))).toBe(
      'headers.authorization: duplicates header "Authorization" (names are not case-sensitive)',
    );
  });

  it('accept ordinary names, lower-cased so that "replace the caller\'s" is exact', () => {
    expect(targetSchema.parse(target({ Authorization: 'Bearer k', 'X-Api-Key': 'k', 'x-proxyish': 'k' })).headers).toEqual({
      authorization: 'Bearer k',
      'x-api-key': 'k',
      'x-proxyish': 'k',
    });
  });
});

describe('injected header values', () => {
  it.each([
    ['a line feed', 'Bearer a\nX-Evil: 1'],
    ['a carriage return', 'Bearer a\r'],
    ['a NUL', 'a\u0000b'],
    ['an escape', 'a\u001bb'],
    ['DEL', 'a\u007fb'],
    ['a character above 0xFF', 'a\u20acb'],
  ])('refuse %s', (_, value) => {
    expect(messageOf(targetSchema, target({ authorization: value }))).toBe(
      'headers.authorization: must be printable: tab, 0x20-0x7E and 0x80-0xFF only',
    );
  });

  it('refuse a masked value, which keeps a stored one only where one is stored', () => {
    expect(messageOf(targetSchema, target({ authorization: '••••abcd' }))).toBe('headers.authorization: is masked: give the value');
  });

  it('accept tab, visible ASCII and 0x80-0xFF', () => {
    const value = 'Bearer\tsk-~!é\u00ff';
    expect(targetSchema.parse(target({ authorization: value })).headers.authorization).toBe(value);
  });

  it('refuse a value longer than 8192 characters', () => {
    expect(messageOf(targetSchema, target({ authorization: 'k'.repeat(8_193) }))).toBe(
      'headers.authorization: must be at most 8192 characters',
    );
  });
});

describe('active probe headers follow the same rule', () => {
  it('in the upstream settings and in a per-target override', () => {
    expect(messageOf(upstreamSchema, { name: 'chat', healthChecks: { active: { headers: { 'Content-Length': '0' } } } })).toBe(
      'healthChecks.active.headers.Content-Length: is a hop-by-hop or framing header, which the gateway sets itself',
    );
    expect(messageOf(healthCheckOverridesSchema, { active: { headers: { 'x-probe': 'a\nb' } } })).toBe(
      'active.headers.x-probe: must be printable: tab, 0x20-0x7E and 0x80-0xFF only',
    );
  });
});
