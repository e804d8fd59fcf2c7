import { activeHealthCheckSchema, upstreamSchema, upstreamSettingsSchema } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { upstreamView } from '@/lib/test-views';
import {
  emptySettings,
  isSettingsErrorKey,
  type SettingsForm,
  settingsChanges,
  settingsErrorKey,
  settingsFromView,
  settingsInput,
  settingsIssues,
} from '@/lib/upstream-form';

const stored = upstreamView({
  name: 'pool',
  algorithm: 'consistent-hash',
  hashOn: 'header:x-user',
  retries: 3,
  failOpen: true,
  healthChecks: {
    active: activeHealthCheckSchema.parse({ path: '/ready', headers: { 'x-probe': 'yes' }, body: '{}' }),
    passive: upstreamSettingsSchema.parse({ name: 'x' }).healthChecks.passive,
  },
  proxy: { host: 'proxy.internal', port: 3128, username: 'svc', password: '••••' },
});
const initial = settingsFromView(stored);
const text = (fields: Record<string, string>): Partial<SettingsForm> => ({ text: { ...initial.text, ...fields } });

describe('emptySettings', () => {
  it("starts from the defaults the runtime applies (core's settings schema), the name empty", () => {
    const defaults = upstreamSettingsSchema.parse({ name: 'x' });
    const form = emptySettings();
    expect(form.text).toMatchObject({
      name: '',
      algorithm: defaults.algorithm,
      retries: String(defaults.retries),
      'timeouts.connectMs': String(defaults.timeouts.connectMs),
      overprovisioningFactor: String(defaults.overprovisioningFactor),
      'healthChecks.passive.unhealthyStatuses': '500, 502, 503, 504',
    });
    expect(form).toMatchObject({
      failOpen: false,
      quotaAware: true,
      retryOn: defaults.retryOn,
      activeOn: false,
      proxyOn: false,
      proxyPassword: '',
    });
  });

  it("shows core's active defaults while checks are off, ready for when they are turned on", () => {
    expect(emptySettings().text).toMatchObject({
      'healthChecks.active.path': '/health',
      'healthChecks.active.expectedStatuses': '200-299',
    });
  });

  it("sends what core accepts as it is, defaults and all (the create page's request)", () => {
    const parsed = upstreamSchema.parse({
      ...settingsInput({ ...emptySettings(), text: { ...emptySettings().text, name: 'a' } }),
      targets: [],
    });
    const defaults = upstreamSchema.parse({ name: 'a' });
    // The outcomes go in core's order: the same set as the default list.
    expect({ ...parsed, retryOn: new Set(parsed.retryOn) }).toEqual({ ...defaults, retryOn: new Set(defaults.retryOn) });
  });
});

describe('settingsFromView', () => {
  it('shows the stored settings as the form holds them, the proxy password never', () => {
    expect(initial.text).toMatchObject({ name: 'pool', hashOn: 'header:x-user', retries: '3', 'healthChecks.active.path': '/ready' });
    expect(initial.text['proxy.username']).toBe('svc');
    expect(initial).toMatchObject({ activeOn: true, proxyOn: true, proxyPassword: '', quotaAware: true });
    expect(settingsFromView(upstreamView({ name: 'keys', quotaAware: false })).quotaAware).toBe(false);
    expect(initial.probeHeaders).toEqual([{ key: 'stored-x-probe', name: 'x-probe', value: 'yes' }]);
  });
});

describe('settingsChanges', () => {
  it.each<[string, Partial<SettingsForm>, object]>([
    ['nothing when nothing changed', {}, {}],
    ['a renamed upstream, trimmed', text({ name: ' pool-2 ' }), { name: 'pool-2' }],
    ['the hash key cleared, as null', text({ algorithm: 'round-robin', hashOn: ' ' }), { algorithm: 'round-robin', hashOn: null }],
    ['retries as a number', text({ retries: '5' }), { retries: 5 }],
    ['one timeout, nested', text({ 'timeouts.totalMs': '60000' }), { timeouts: { totalMs: 60_000 } }],
    ['the retry outcomes, whole', { retryOn: ['timeout', 'reset'] }, { retryOn: ['reset', 'timeout'] }],
    ['nothing for the same outcomes ticked in another order', { retryOn: [...initial.retryOn].reverse() }, {}],
    [
      'a passive threshold',
      text({ 'healthChecks.passive.consecutiveFailures': '3' }),
      { healthChecks: { passive: { consecutiveFailures: 3 } } },
    ],
    [
      'statuses as codes and ranges',
      text({ 'healthChecks.active.expectedStatuses': '200, 300-399' }),
      { healthChecks: { active: { expectedStatuses: [200, '300-399'] } } },
    ],
    ['active checks turned off', { activeOn: false }, { healthChecks: { active: null } }],
    ['a probe header removed, as null', { probeHeaders: [] }, { healthChecks: { active: { headers: { 'x-probe': null } } } }],
    ['the probe body cleared, as null', text({ 'healthChecks.active.body': '' }), { healthChecks: { active: { body: null } } }],
    ['the proxy removed', { proxyOn: false }, { proxy: null }],
    ['only the proxy port', text({ 'proxy.port': '8080' }), { proxy: { port: 8080 } }],
    ['the proxy user cleared, as null', text({ 'proxy.username': '' }), { proxy: { username: null } }],
    ['a new proxy password', { proxyPassword: 'new' }, { proxy: { password: 'new' } }],
    ['quota-aware routing turned off', { quotaAware: false }, { quotaAware: false }],
  ])('holds %s', (_, edit, expected) => {
    expect(settingsChanges(initial, { ...initial, ...edit })).toEqual(expected);
  });

  it('sends the whole active block when checks are turned on', () => {
    const off = settingsFromView(upstreamView({ name: 'plain' }));
    const changes = settingsChanges(off, { ...off, activeOn: true });
    expect(changes).toEqual({ healthChecks: { active: { ...activeHealthCheckSchema.parse({}), headers: {} } } });
  });
});

describe('settingsIssues', () => {
  it.each<[string, Partial<SettingsForm>, Array<{ path: string; message: string }>]>([
    ['none for the stored settings', {}, []],
    ['an emptied number', text({ retries: '' }), [{ path: 'retries', message: 'must be a number' }]],
    [
      'a number out of range',
      text({ 'healthChecks.passive.errorRatePct': '101' }),
      [{ path: 'healthChecks.passive.errorRatePct', message: 'must be at most 100' }],
    ],
    ['consistent-hash without a key', text({ hashOn: '' }), [{ path: 'hashOn', message: 'is required when algorithm is consistent-hash' }]],
    [
      'a bad status range',
      text({ 'healthChecks.passive.unhealthyStatuses': '500-5xx' }),
      [{ path: 'healthChecks.passive.unhealthyStatuses.0', message: 'must be a status code or a range "NNN-NNN"' }],
    ],
    [
      'a probe header core refuses',
      { probeHeaders: [{ key: 'k', name: 'connection', value: 'x' }] },
      [{ path: 'healthChecks.active.headers.connection', message: 'is a hop-by-hop or framing header, which the gateway sets itself' }],
    ],
  ])('finds %s', (_, edit, issues) => {
    expect(settingsIssues({ ...initial, ...edit })).toEqual(issues);
  });

  it('does not judge fields of switched-off blocks (they are not sent)', () => {
    expect(
      settingsIssues({
        ...initial,
        ...text({ 'proxy.port': '0', 'healthChecks.active.path': 'no-slash' }),
        proxyOn: false,
        activeOn: false,
      }),
    ).toEqual([]);
  });
});

describe('error keys', () => {
  it.each([
    ['retryOn.3', 'retryOn'],
    ['healthChecks.passive.unhealthyStatuses.0', 'healthChecks.passive.unhealthyStatuses'],
    ['healthChecks.active.expectedStatuses.2', 'healthChecks.active.expectedStatuses'],
    ['timeouts.connectMs', 'timeouts.connectMs'],
  ])('%s lands on %s', (path, key) => {
    expect(settingsErrorKey(path)).toBe(key);
  });

  it.each([
    ['name', true],
    ['timeouts.bodyIdleMs', true],
    ['healthChecks.active.unhealthy.timeouts', true],
    ['healthChecks.active.headers.x-token', true],
    ['proxy.password', true],
    ['quotaAware', true],
    ['targets.0.port', false],
    ['healthChecks.passive', false],
  ])('%s is shown by the form: %s', (key, shown) => {
    expect(isSettingsErrorKey(key)).toBe(shown);
  });
});
