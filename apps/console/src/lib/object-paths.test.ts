import { describe, expect, it } from 'vitest';
import { mergePatch, patchPaths, setAt, valueAt } from '@/lib/object-paths';

describe('valueAt and setAt', () => {
  it('read and write by dotted path, creating objects on the way', () => {
    const target: Record<string, unknown> = {};
    setAt(target, 'healthChecks.passive.windowMs', 5_000);
    expect(target).toEqual({ healthChecks: { passive: { windowMs: 5_000 } } });
    expect(valueAt(target, 'healthChecks.passive.windowMs')).toBe(5_000);
    expect(valueAt(target, 'healthChecks.active.path')).toBeUndefined();
    expect(valueAt({ a: null }, 'a.b')).toBeUndefined();
  });

  it('never reads inherited members', () => {
    expect(valueAt({}, 'constructor')).toBeUndefined();
  });
});

describe('mergePatch (RFC 7386)', () => {
  it.each<[string, object, object, object]>([
    ['nothing between equal objects', { a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } }, {}],
    ['a changed member', { a: 1 }, { a: 2 }, { a: 2 }],
    ['a removed member as null', { a: 1, b: 2 }, { a: 1 }, { b: null }],
    ['an added member', { a: 1 }, { a: 1, b: { c: 1 } }, { b: { c: 1 } }],
    ['nested changes only', { t: { x: 1, y: 2 } }, { t: { x: 1, y: 3 } }, { t: { y: 3 } }],
    ['a list whole', { l: [1, 2] }, { l: [2, 1] }, { l: [2, 1] }],
    ['an object that became null', { p: { h: 'a' } }, { p: null }, { p: null }],
    ['null that became an object, whole', { p: null }, { p: { h: 'a', q: 1 } }, { p: { h: 'a', q: 1 } }],
  ])('gives %s', (_, before, after, patch) => {
    expect(mergePatch(before as Record<string, unknown>, after as Record<string, unknown>)).toEqual(patch);
  });

  it('sends a map named whole when anything in it changed, and nothing when nothing did', () => {
    const before = { headers: { a: '••••', b: '••••' } };
    expect(mergePatch(before, { headers: { a: '••••' } }, ['headers'])).toEqual({ headers: { a: '••••' } });
    expect(mergePatch(before, { headers: { a: '••••', b: '••••' } }, ['headers'])).toEqual({});
  });
});

describe('patchPaths', () => {
  it('lists the leaves of a patch, lists and nulls included, under a prefix', () => {
    expect(patchPaths({ retries: 3, timeouts: { connectMs: 1 }, retryOn: ['reset'], proxy: null })).toEqual([
      'retries',
      'timeouts.connectMs',
      'retryOn',
      'proxy',
    ]);
    expect(patchPaths({ weight: 5 }, 'targets.a:1')).toEqual(['targets.a:1.weight']);
  });

  it('counts an object emptied whole (the last injected header removed) as one change', () => {
    expect(patchPaths({ headers: {}, healthChecks: { active: {} } })).toEqual(['headers', 'healthChecks.active']);
  });
});
