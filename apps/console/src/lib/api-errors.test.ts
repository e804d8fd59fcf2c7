import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import {
  apiIssues,
  type ErrorRouting,
  httpStatusOf,
  normalizePath,
  schemaIssues,
  sortErrors,
  sortIssues,
  withoutErrors,
} from '@/lib/api-errors';

/** An error as the tRPC link builds it from the runtime's JSON error body. */
function trpcError(message: string, data: Record<string, unknown>) {
  return TRPCClientError.from({ error: { code: -32600, message, data } });
}

const badRequest = (issues: Array<{ path: string; message: string }>) =>
  trpcError(issues.map((i) => `${i.path}: ${i.message}`).join('; '), { code: 'BAD_REQUEST', httpStatus: 400, issues });

const settingsForm: ErrorRouting = { known: (key) => ['name', 'retries', 'proxy.host'].includes(key) };

describe('apiIssues', () => {
  it('reads the issues the runtime puts in the error data', () => {
    const error = badRequest([
      { path: 'targets.0.port', message: 'must be at most 65535' },
      { path: 'name', message: 'must not be empty' },
    ]);
    expect(apiIssues(error)).toEqual([
      { path: 'targets.0.port', message: 'must be at most 65535' },
      { path: 'name', message: 'must not be empty' },
    ]);
  });

  it.each([
    ['a plain Error', new Error('boom')],
    ['a string', 'boom'],
    ['a tRPC error without issues', trpcError('conflict', { code: 'CONFLICT', httpStatus: 409 })],
    ['a tRPC error whose issues are not a list', trpcError('odd', { issues: 'name: bad' })],
  ])('finds none in %s', (_, error) => {
    expect(apiIssues(error)).toEqual([]);
  });

  it('skips entries without a message and normalizes array paths', () => {
    const error = trpcError('bad', { issues: [{ path: ['targets', 1, 'host'], message: 'must not be empty' }, { path: 'x' }, null] });
    expect(apiIssues(error)).toEqual([{ path: 'targets.1.host', message: 'must not be empty' }]);
  });
});

describe('normalizePath', () => {
  it.each([
    [['targets', 0, 'port'], 'targets.0.port'],
    [[], ''],
    ['proxy.host', 'proxy.host'],
    [undefined, ''],
    [42, ''],
  ])('%j -> "%s"', (path, expected) => {
    expect(normalizePath(path)).toBe(expected);
  });
});

describe('schemaIssues', () => {
  it("puts zod's issues in the API's shape", () => {
    expect(schemaIssues([{ path: ['targets', 2, 'weight'], message: 'must be at most 1000' }])).toEqual([
      { path: 'targets.2.weight', message: 'must be at most 1000' },
    ]);
  });
});

describe('httpStatusOf', () => {
  it.each([
    ['the status tRPC put in the data', trpcError('nope', { httpStatus: 404 }), 404],
    [
      'the HTTP response of an error not shaped by tRPC',
      new TRPCClientError('Unexpected token', { meta: { response: { status: 502 } } }),
      502,
    ],
    ['a plain Error', new Error('offline'), undefined],
    ['a tRPC error with neither', new TRPCClientError('?'), undefined],
  ])('reads %s', (_, error, status) => {
    expect(httpStatusOf(error)).toBe(status);
  });
});

describe('sortErrors', () => {
  it('places each issue under the field it names, and what the form does not show above it, with its path', () => {
    const error = badRequest([
      { path: 'retries', message: 'must be at most 10' },
      { path: 'timeouts.connectMs', message: 'must be at least 1' },
    ]);
    expect(sortErrors(error, settingsForm)).toEqual({
      fields: { retries: 'must be at most 10' },
      general: ['timeouts.connectMs: must be at least 1'],
    });
  });

  it('strips input wrappers so an update\'s "changes.retries" lands on "retries"', () => {
    const error = badRequest([{ path: 'changes.retries', message: 'must be a whole number' }]);
    expect(sortErrors(error, { ...settingsForm, prefixes: ['changes.'] }).fields).toEqual({ retries: 'must be a whole number' });
    expect(sortErrors(error, settingsForm).general).toEqual(['changes.retries: must be a whole number']);
  });

  it('keeps the first message of a field and lists the others above the form', () => {
    const error = badRequest([
      { path: 'name', message: 'must not be empty' },
      { path: 'name', message: 'is taken' },
    ]);
    expect(sortErrors(error, settingsForm)).toEqual({ fields: { name: 'must not be empty' }, general: ['name: is taken'] });
  });

  it('shows an issue without a path as its message alone', () => {
    const error = badRequest([{ path: '', message: 'changes must be an object' }]);
    expect(sortErrors(error, settingsForm).general).toEqual(['changes must be an object']);
  });

  it.each([
    ['a conflict', trpcError('upstream "a" already exists', { code: 'CONFLICT', httpStatus: 409 }), ['upstream "a" already exists']],
    ['a network failure', new TypeError('fetch failed'), ['fetch failed']],
    ['no error at all', undefined, []],
  ])('turns %s without issues into one general message', (_, error, general) => {
    expect(sortErrors(error, settingsForm)).toEqual({ fields: {}, general });
  });
});

describe('sortIssues', () => {
  it('rewrites keys after stripping the prefix, and asks the form about the rewritten key', () => {
    const routing: ErrorRouting = {
      known: (key) => key === 'targets.3.port',
      prefixes: ['target.'],
      rewrite: (key) => key.replace('targets.0', 'targets.3'),
    };
    expect(sortIssues([{ path: 'target.targets.0.port', message: 'duplicates target a:1' }], routing)).toEqual({
      fields: { 'targets.3.port': 'duplicates target a:1' },
      general: [],
    });
  });
});

describe('withoutErrors', () => {
  const errors = { name: 'must not be empty', 'targets.0.port': 'must be at most 65535', 'targets.1.host': 'must not be empty' };

  it.each([
    ['a list of keys', ['name', 'retries'], { 'targets.0.port': 'must be at most 65535', 'targets.1.host': 'must not be empty' }],
    ['a test per key', (key: string) => key.startsWith('targets.'), { name: 'must not be empty' }],
  ])('drops the errors of %s', (_, keys, expected) => {
    expect(withoutErrors(errors, keys)).toEqual(expected);
    expect(errors).toHaveProperty('name'); // the input is left as it was
  });

  it.each([
    ['keys none of which is set', ['retries']],
    ['a test no key passes', (key: string) => key.startsWith('proxy.')],
  ])('returns the very same object for %s, so React skips the render', (_, keys) => {
    expect(withoutErrors(errors, keys)).toBe(errors);
  });
});
