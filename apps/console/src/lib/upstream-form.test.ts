import { upstreamSettingsSchema } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { upstreamView } from '@/lib/test-views';
import { emptySettings, proxyInput, type SettingsForm, settingsChanges, settingsFromView } from '@/lib/upstream-form';

const stored = upstreamView({
  name: 'pool',
  algorithm: 'consistent-hash',
  hashOn: 'header:x-user',
  retries: 3,
  slowStartMs: 0,
  failOpen: true,
  proxy: { host: 'proxy.internal', port: 3128, username: 'svc', password: '••••••' },
});
const initial = settingsFromView(stored);

describe('emptySettings', () => {
  it("starts from the defaults the runtime applies (core's settings schema)", () => {
    const defaults = upstreamSettingsSchema.parse({ name: 'x' });
    expect(emptySettings).toMatchObject({
      algorithm: defaults.algorithm,
      retries: String(defaults.retries),
      slowStartMs: String(defaults.slowStartMs),
      failOpen: defaults.failOpen,
      useProxy: defaults.proxy !== null,
    });
  });
});

describe('settingsFromView', () => {
  it('shows the stored settings as the form holds them', () => {
    expect(initial).toEqual({
      name: 'pool',
      algorithm: 'consistent-hash',
      hashOn: 'header:x-user',
      retries: '3',
      slowStartMs: '0',
      failOpen: true,
      useProxy: true,
      proxyHost: 'proxy.internal',
      proxyPort: '3128',
      proxyUsername: 'svc',
      proxyPassword: '', // the stored secret is never shown: empty means "keep it"
    });
  });

  it('reads an upstream without proxy or hash key as empty fields', () => {
    expect(settingsFromView(upstreamView({ name: 'plain' }))).toMatchObject({ hashOn: '', useProxy: false, proxyHost: '', proxyPort: '' });
  });
});

describe('proxyInput', () => {
  const withProxy = (fields: Partial<SettingsForm>): SettingsForm => ({ ...emptySettings, useProxy: true, ...fields });

  it.each([
    ['no proxy', { useProxy: false, proxyHost: 'ignored' }, null],
    ['host and port, trimmed', { proxyHost: ' proxy ', proxyPort: '3128' }, { host: 'proxy', port: 3128 }],
    ['a user', { proxyHost: 'p', proxyPort: '1', proxyUsername: ' svc ' }, { host: 'p', port: 1, username: 'svc' }],
    ['a password, as typed', { proxyHost: 'p', proxyPort: '1', proxyPassword: ' s3cret ' }, { host: 'p', port: 1, password: ' s3cret ' }],
  ])('sends %s', (_, fields, expected) => {
    expect(proxyInput(withProxy(fields))).toEqual(expected);
  });

  it('sends an empty port as NaN (null in JSON) so the API names the field', () => {
    expect(proxyInput(withProxy({ proxyHost: 'p', proxyPort: '' }))?.port).toBeNaN();
  });
});

describe('settingsChanges', () => {
  it.each<[string, Partial<SettingsForm>, object]>([
    ['nothing when nothing changed', {}, {}],
    ['a renamed upstream, trimmed', { name: ' pool-2 ' }, { name: 'pool-2' }],
    ['nothing for a name changed only by spaces', { name: ' pool ' }, {}],
    ['the algorithm', { algorithm: 'latency' }, { algorithm: 'latency' }],
    ['a new hash key', { hashOn: 'ip' }, { hashOn: 'ip' }],
    ['no hash key when it was emptied (the API keeps the stored one)', { hashOn: '  ' }, {}],
    ['retries as a number', { retries: '5' }, { retries: 5 }],
    ['slow start as a number', { slowStartMs: '10000' }, { slowStartMs: 10_000 }],
    ['fail open', { failOpen: false }, { failOpen: false }],
    ['the proxy removed', { useProxy: false }, { proxy: null }],
    ['the whole proxy when its port changed', { proxyPort: '8080' }, { proxy: { host: 'proxy.internal', port: 8080, username: 'svc' } }],
    [
      'the whole proxy when a new password was typed',
      { proxyPassword: 'new' },
      { proxy: { host: 'proxy.internal', port: 3128, username: 'svc', password: 'new' } },
    ],
  ])('holds %s', (_, edit, expected) => {
    expect(settingsChanges(initial, { ...initial, ...edit })).toEqual(expected);
  });

  it('sends an emptied number as NaN so the API names the field instead of applying a default', () => {
    expect(settingsChanges(initial, { ...initial, retries: '' }).retries).toBeNaN();
  });
});
