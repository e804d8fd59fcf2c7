import { describe, expect, it } from 'vitest';
import { isTargetErrorKey } from '@/lib/target-catalog';
import { inheritedText, overridesFromView, overridesInput } from '@/lib/target-overrides';
import { settingField } from '@/lib/settings-catalog';
import { upstreamView } from '@/lib/test-views';

const field = (path: string) =>
  settingField(path) ??
  (() => {
    throw new Error(path);
  })();

describe('overridesFromView and overridesInput', () => {
  it('hold only what the target overrides, and give it back as stored', () => {
    const stored = { active: { path: '/v1/models', unhealthy: { timeouts: 5 } }, passive: { unhealthyStatuses: [500, '502-504'] } };
    const form = overridesFromView({ healthChecks: stored });
    expect(form).toEqual({
      fields: {
        'healthChecks.active.path': '/v1/models',
        'healthChecks.active.unhealthy.timeouts': '5',
        'healthChecks.passive.unhealthyStatuses': '500, 502-504',
      },
      ownActive: true,
    });
    expect(overridesInput(form)).toEqual(stored);
  });

  it('keeps an empty active block: it turns probing on for the target alone', () => {
    expect(overridesFromView({ healthChecks: { active: {} } })).toEqual({ fields: {}, ownActive: true });
    expect(overridesInput({ fields: {}, ownActive: true })).toEqual({ active: {} });
  });

  it('sends no active override without a block of its own', () => {
    expect(overridesInput({ fields: { 'healthChecks.active.path': '/x' }, ownActive: false })).toEqual({});
  });
});

describe('inheritedText', () => {
  it("shows the upstream's value, or core's default while the upstream's checks are off", () => {
    const off = upstreamView({ name: 'a' });
    expect(inheritedText(off, field('healthChecks.active.path'))).toBe('/health');
    expect(inheritedText(off, field('healthChecks.passive.consecutiveFailures'))).toBe('5');
  });
});

describe('isTargetErrorKey', () => {
  it.each([
    ['host', true],
    ['caCert', true],
    ['headers.x-api-key', true],
    ['healthChecks.passive.windowMs', true],
    ['healthChecks.active', true],
    ['healthChecks.active.headers.x', false],
    ['retries', false],
  ])('%s -> %s', (key, shown) => {
    expect(isTargetErrorKey(key)).toBe(shown);
  });
});
