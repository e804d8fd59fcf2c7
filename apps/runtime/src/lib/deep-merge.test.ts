import { describe, expect, it } from 'vitest';
import { deepMerge } from './deep-merge.ts';

// A patch is a JSON Merge Patch (RFC 7386): what the console sends to clear a field or reset an override.

describe('deepMerge', () => {
  const stored = {
    hashOn: 'ip',
    retries: 2,
    timeouts: { connectMs: 5_000, totalMs: 0 },
    proxy: { host: 'p', port: 1, username: 'ops' },
    healthChecks: { active: { path: '/x', headers: { a: '1', b: '2' } }, passive: { windowMs: 1 } },
  };

  it.each<[string, object, object]>([
    ['changes one field of a nested object', { timeouts: { connectMs: 1 } }, { ...stored, timeouts: { connectMs: 1, totalMs: 0 } }],
    ['replaces a list whole', { retryOn: ['reset'] }, { ...stored, retryOn: ['reset'] }],
    ['leaves what the patch says nothing of (undefined)', { retries: undefined }, stored],
    ['removes a member given as null', { hashOn: null }, (({ hashOn: _, ...rest }) => rest)(stored)],
    ['removes a nested member given as null', { proxy: { username: null } }, { ...stored, proxy: { host: 'p', port: 1 } }],
    [
      'removes one entry of a map',
      { healthChecks: { active: { headers: { a: null } } } },
      { ...stored, healthChecks: { ...stored.healthChecks, active: { path: '/x', headers: { b: '2' } } } },
    ],
    ['removes a whole block', { healthChecks: { active: null } }, { ...stored, healthChecks: { passive: { windowMs: 1 } } }],
  ])('%s', (_, patch, merged) => {
    expect(deepMerge(stored, patch)).toEqual(merged);
  });

  it('drops nulls inside an object it adds where nothing was (RFC 7386: merged into {})', () => {
    expect(deepMerge({ proxy: null }, { proxy: { host: 'p', username: null } })).toEqual({ proxy: { host: 'p' } });
  });

  it('keeps a __proto__ key a plain field, never the prototype', () => {
    const merged = deepMerge<Record<string, unknown>>({}, JSON.parse('{"__proto__": {"polluted": true}}'));
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
