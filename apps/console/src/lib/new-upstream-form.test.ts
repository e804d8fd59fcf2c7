import { upstreamSchema } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { schemaIssues, sortIssues } from '@/lib/api-errors';
import { formRowKey, isNewUpstreamErrorKey, newUpstreamRequest } from '@/lib/new-upstream-form';
import { emptyTarget, type TargetForm } from '@/lib/target-form';
import { emptySettings, type SettingsForm } from '@/lib/upstream-form';

const settings: SettingsForm = { ...emptySettings(), text: { ...emptySettings().text, name: ' pool ' } };
const withText = (fields: Record<string, string>): SettingsForm => ({ ...settings, text: { ...settings.text, ...fields } });
const row = (fields: Partial<TargetForm>): TargetForm => ({ ...emptyTarget(), ...fields });
const blank = row({});

describe('newUpstreamRequest', () => {
  it('sends only the rows with a host or a port, and remembers which row each one was', () => {
    const request = newUpstreamRequest(settings, [blank, row({ host: 'a', port: '1' }), blank, row({ port: '2' })]);
    expect(request.input.targets).toHaveLength(2);
    expect(request.input.targets?.map((t) => t.host)).toEqual(['a', '']);
    expect(request.sentRows).toEqual([1, 3]);
  });

  it('sends every setting as the form shows it, trimmed, with switched-off blocks as null', () => {
    const { input } = newUpstreamRequest(withText({ retries: ' 3 ', slowStartMs: '0' }), []);
    expect(input).toMatchObject({
      name: 'pool',
      algorithm: 'round-robin',
      retries: 3,
      slowStartMs: 0,
      failOpen: false,
      quotaAware: true,
      proxy: null,
      targets: [],
    });
    expect(input.healthChecks).toMatchObject({ active: null, passive: { consecutiveFailures: 5 } });
  });

  it.each([
    ['consistent-hash with a key', { algorithm: 'consistent-hash', hashOn: ' ip ' }, 'ip'],
    ['consistent-hash without one (core names the field)', { algorithm: 'consistent-hash', hashOn: '' }, undefined],
  ] as const)('sends hashOn for %s', (_, fields, hashOn) => {
    const { input } = newUpstreamRequest(withText(fields), []);
    expect(input.hashOn).toBe(hashOn);
    expect('hashOn' in input).toBe(hashOn !== undefined);
  });

  it("passes core's schema, so the runtime will apply the same defaults", () => {
    const { input } = newUpstreamRequest(settings, [row({ host: '127.0.0.1', port: '8080' }), blank]);
    const parsed = upstreamSchema.parse(input);
    expect(parsed.retries).toBe(2);
    expect(parsed.targets).toEqual([expect.objectContaining({ host: '127.0.0.1', port: 8080, weight: 100, priority: 0 })]);
  });
});

describe('formRowKey', () => {
  it.each([
    ['targets.0.port', [2, 5], 'targets.2.port'],
    ['targets.1', [2, 5], 'targets.5'],
    ['targets.1.host', [0, 1], 'targets.1.host'],
    ['targets.7.host', [0, 1], 'targets.7.host'], // unknown sent index: left as is
    ['targets', [3], 'targets'],
    ['name', [3], 'name'],
    ['targets.10.port', Array.from({ length: 11 }, (_, i) => i + 1), 'targets.11.port'],
    ['retryOn.2', [0], 'retryOn'], // a list item lands on its list
  ])('%s with rows %j -> %s', (key, sentRows, expected) => {
    expect(formRowKey(key, sentRows)).toBe(expected);
  });
});

describe('isNewUpstreamErrorKey', () => {
  it.each([
    ['name', 2, true],
    ['proxy.host', 2, true],
    ['targets', 2, true],
    ['targets.1.port', 2, true],
    ['targets.1.priority', 2, true],
    ['targets.2.port', 2, false], // no such row
    ['targets.0.maxInFlight', 2, false], // not shown on the create page
    ['targets.0', 2, false],
    ['timeouts.connectMs', 2, true],
    ['healthChecks.passive.windowMs', 2, true],
  ])('%s with %d rows -> %s', (key, rows, expected) => {
    expect(isNewUpstreamErrorKey(key, rows)).toBe(expected);
  });
});

describe('errors found by core before sending', () => {
  it('land on the row the operator filled in, even with blank rows before it', () => {
    const rows = [blank, row({ host: '127.0.0.1', port: '70000' }), blank, row({ host: '127.0.0.2', port: '0' })];
    const request = newUpstreamRequest(settings, rows);
    const checked = upstreamSchema.safeParse(request.input);
    expect(checked.success).toBe(false);
    const sorted = sortIssues(schemaIssues(checked.error?.issues ?? []), {
      known: (key) => isNewUpstreamErrorKey(key, rows.length),
      rewrite: (key) => formRowKey(key, request.sentRows),
    });
    expect(sorted.fields).toEqual({ 'targets.1.port': 'must be at most 65535', 'targets.3.port': 'must be at least 1' });
    expect(sorted.general).toEqual([]);
  });
});
