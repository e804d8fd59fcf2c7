import { targetSchema } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { newHeaderRow } from '@/lib/secret-headers';
import { emptyTarget, isTargetField, type TargetForm, targetChanges, targetFromView, targetInput, targetIssues } from '@/lib/target-form';
import { targetView } from '@/lib/test-views';

const initial = targetFromView(
  targetView({
    id: 't-7',
    host: '10.0.0.7',
    port: 8080,
    weight: 50,
    priority: 1,
    maxInFlight: 8,
    adminState: 'draining',
    headers: { 'x-api-key': '••••abcd', authorization: '••••' },
    healthChecks: { passive: { consecutiveFailures: 3 } },
  }),
);
const PEM = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\nAAAA\n-----END CERTIFICATE-----\n';

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
      tlsVerify: defaults.tlsVerify,
      caCert: '',
      headers: [],
      overrides: { fields: {}, ownActive: false },
    });
  });

  it('gives every row a key of its own', () => {
    const keys = new Set(Array.from({ length: 5 }, () => emptyTarget().key));
    expect(keys.size).toBe(5);
  });
});

describe('targetFromView', () => {
  it('shows a stored target as strings, keyed by its id, header values only as their masks', () => {
    expect(initial).toMatchObject({
      key: 't-7',
      host: '10.0.0.7',
      port: '8080',
      weight: '50',
      adminState: 'draining',
      tlsVerify: true,
      caCert: '',
    });
    expect(initial.headers).toEqual([
      { key: 'stored-x-api-key', name: 'x-api-key', masked: '••••abcd', value: '' },
      { key: 'stored-authorization', name: 'authorization', masked: '••••', value: '' },
    ]);
    expect(initial.overrides).toEqual({ fields: { 'healthChecks.passive.consecutiveFailures': '3' }, ownActive: false });
  });
});

describe('targetInput', () => {
  it('trims the host, requires the port and leaves empty optional numbers to the API', () => {
    const row: TargetForm = { ...emptyTarget(), host: ' api.local ', port: '443', protocol: 'https', weight: '', priority: ' 2 ' };
    expect(targetInput(row)).toEqual({
      host: 'api.local',
      port: 443,
      protocol: 'https',
      tlsVerify: true,
      weight: undefined,
      priority: 2,
      maxInFlight: 0,
      adminState: 'enabled',
      headers: {},
      healthChecks: {},
    });
  });

  it('sends an empty port as NaN so the API names it', () => {
    expect(targetInput({ ...emptyTarget(), host: 'a' }).port).toBeNaN();
  });

  it('sends stored header values as their masks (the runtime keeps them) and typed ones as typed', () => {
    const headers = [...initial.headers.slice(0, 1), { ...(initial.headers[1] as TargetForm['headers'][number]), value: 'Bearer new' }];
    expect(targetInput({ ...initial, headers }).headers).toEqual({ 'x-api-key': '••••abcd', authorization: 'Bearer new' });
  });
});

describe('targetChanges', () => {
  const replaced = (value: string) => initial.headers.map((row) => (row.name === 'authorization' ? { ...row, value } : row));
  it.each<[string, Partial<TargetForm>, object]>([
    ['nothing when nothing changed', {}, {}],
    ['the host, trimmed', { host: ' 10.0.0.8 ' }, { host: '10.0.0.8' }],
    ['nothing for a host changed only by spaces', { host: '10.0.0.7 ' }, {}],
    [
      'weight, priority and limit as numbers',
      { weight: '0', priority: '2', maxInFlight: '100' },
      { weight: 0, priority: 2, maxInFlight: 100 },
    ],
    ['TLS verification off', { tlsVerify: false }, { tlsVerify: false }],
    ['a CA certificate', { caCert: PEM }, { caCert: PEM.trim() }],
    [
      'every header, masks kept, when one value is replaced',
      { headers: replaced('Bearer new') },
      { headers: { 'x-api-key': '••••abcd', authorization: 'Bearer new' } },
    ],
    ['the headers left, when one is removed', { headers: initial.headers.slice(0, 1) }, { headers: { 'x-api-key': '••••abcd' } }],
    [
      'the last passive override reset to inherited: its block, as null',
      { overrides: { fields: {}, ownActive: false } },
      { healthChecks: { passive: null } },
    ],
    [
      'an active block of its own, with a path',
      { overrides: { fields: { ...initial.overrides.fields, 'healthChecks.active.path': '/v1/models' }, ownActive: true } },
      { healthChecks: { active: { path: '/v1/models' } } },
    ],
  ])('holds %s', (_, edit, expected) => {
    expect(targetChanges(initial, { ...initial, ...edit })).toEqual(expected);
  });

  it('resets one override of several with null', () => {
    const two = {
      ...initial,
      overrides: { fields: { ...initial.overrides.fields, 'healthChecks.passive.windowMs': '5000' }, ownActive: false },
    };
    expect(targetChanges(two, initial)).toEqual({ healthChecks: { passive: { windowMs: null } } });
  });

  it('removes the active block whole when the target stops having its own', () => {
    const own = { ...initial, overrides: { fields: { 'healthChecks.active.path': '/x' }, ownActive: true } };
    expect(targetChanges(own, { ...own, overrides: { fields: {}, ownActive: false } })).toEqual({ healthChecks: { active: null } });
  });

  it('sends an emptied weight as NaN, not as "use the default"', () => {
    expect(targetChanges(initial, { ...initial, weight: '' }).weight).toBeNaN();
  });

  it('clears a stored CA certificate with null', () => {
    const withCa = { ...initial, caCert: PEM };
    expect(targetChanges(withCa, { ...withCa, caCert: ' ' })).toEqual({ caCert: null });
  });
});

describe('targetIssues', () => {
  it('finds nothing wrong with a stored target, masked header values included', () => {
    expect(targetIssues(initial)).toEqual([]);
  });

  it.each<[string, Partial<TargetForm>, Array<{ path: string; message: string }>]>([
    [
      'a CA certificate that is not PEM',
      { caCert: 'hello' },
      [{ path: 'caCert', message: expect.stringContaining('must be PEM certificates') }],
    ],
    [
      'an override out of range',
      { overrides: { fields: { 'healthChecks.passive.errorRatePct': '0' }, ownActive: false } },
      [{ path: 'healthChecks.passive.errorRatePct', message: 'must be at least 1' }],
    ],
    [
      'a header core refuses',
      { headers: [{ ...newHeaderRow(), name: 'Host', value: 'x' }] },
      [{ path: 'headers.Host', message: 'is a hop-by-hop or framing header, which the gateway sets itself' }],
    ],
    [
      'a new header without a value',
      { headers: [{ ...newHeaderRow(), name: 'x-key' }] },
      [{ path: 'headers.x-key', message: 'needs a value' }],
    ],
  ])('finds %s', (_, edit, issues) => {
    expect(targetIssues({ ...initial, ...edit })).toEqual(issues);
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
