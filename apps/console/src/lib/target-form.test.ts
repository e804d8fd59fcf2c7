import { targetSchema } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { emptyTarget, isTargetField, type TargetForm, targetChanges, targetFromView, targetInput } from '@/lib/target-form';
import { targetView } from '@/lib/test-views';

const initial = targetFromView(
  targetView({ id: 't-7', host: '10.0.0.7', port: 8080, weight: 50, priority: 1, maxInFlight: 8, adminState: 'draining' }),
);

describe('emptyTarget', () => {
  it("starts from the defaults the runtime applies (core's target schema)", () => {
    const defaults = targetSchema.parse({ host: 'x', port: 1 });
    expect(emptyTarget()).toMatchObject({
      host: '',
      port: '',
      protocol: defaults.protocol,
      weight: String(defaults.weight),
      priority: String(defaults.priority),
      maxInFlight: String(defaults.maxInFlight),
      adminState: defaults.adminState,
    });
  });

  it('gives every row a key of its own', () => {
    const keys = new Set(Array.from({ length: 5 }, () => emptyTarget().key));
    expect(keys.size).toBe(5);
  });
});

describe('targetFromView', () => {
  it('shows a stored target as strings, keyed by its id', () => {
    expect(initial).toEqual({
      key: 't-7',
      host: '10.0.0.7',
      port: '8080',
      protocol: 'http',
      weight: '50',
      priority: '1',
      maxInFlight: '8',
      adminState: 'draining',
    });
  });
});

describe('targetInput', () => {
  it('trims the host, requires the port and leaves empty optional numbers to the API', () => {
    const row: TargetForm = { ...emptyTarget(), host: ' api.local ', port: '443', protocol: 'https', weight: '', priority: ' 2 ' };
    expect(targetInput(row)).toEqual({
      host: 'api.local',
      port: 443,
      protocol: 'https',
      weight: undefined,
      priority: 2,
      maxInFlight: 0,
      adminState: 'enabled',
    });
  });

  it('sends an empty port as NaN so the API names it', () => {
    expect(targetInput({ ...emptyTarget(), host: 'a' }).port).toBeNaN();
  });

  it('passes what core accepts once defaults apply', () => {
    const parsed = targetSchema.safeParse(targetInput({ ...emptyTarget(), host: 'a', port: '80', weight: '' }));
    expect(parsed.success && parsed.data.weight).toBe(100);
  });
});

describe('targetChanges', () => {
  it.each<[string, Partial<TargetForm>, object]>([
    ['nothing when nothing changed', {}, {}],
    ['the host, trimmed', { host: ' 10.0.0.8 ' }, { host: '10.0.0.8' }],
    ['nothing for a host changed only by spaces', { host: '10.0.0.7 ' }, {}],
    ['the port', { port: '9090' }, { port: 9090 }],
    ['the protocol', { protocol: 'https' }, { protocol: 'https' }],
    [
      'weight, priority and limit as numbers',
      { weight: '0', priority: '2', maxInFlight: '100' },
      { weight: 0, priority: 2, maxInFlight: 100 },
    ],
    ['the admin state', { adminState: 'enabled' }, { adminState: 'enabled' }],
  ])('holds %s', (_, edit, expected) => {
    expect(targetChanges(initial, { ...initial, ...edit })).toEqual(expected);
  });

  it('sends an emptied weight as NaN, not as "use the default"', () => {
    expect(targetChanges(initial, { ...initial, weight: '' }).weight).toBeNaN();
  });
});

describe('isTargetField', () => {
  it.each([
    ['host', true],
    ['maxInFlight', true],
    ['adminState', true],
    ['headers', false],
    ['id', false],
    ['changes.host', false],
  ])('%s -> %s', (key, expected) => {
    expect(isTargetField(key)).toBe(expected);
  });
});
