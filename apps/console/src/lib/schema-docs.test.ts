import { targetSchema, upstreamSettingsSchema } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { fieldDoc, fieldSchema } from '@/lib/schema-docs';
import { TEXT_FIELDS } from '@/lib/settings-catalog';
import { OVERRIDE_FIELDS } from '@/lib/target-overrides';

describe('fieldDoc', () => {
  it.each([
    ['timeouts.connectMs', 5_000, undefined],
    ['algorithm', 'round-robin', ['round-robin', 'least-connections', 'latency', 'consistent-hash']],
    ['healthChecks.active.type', 'http', ['http', 'https', 'tcp']],
    ['healthChecks.passive.unhealthyStatuses', [500, 502, 503, 504], undefined],
    ['hashOn', undefined, undefined],
    ['proxy', null, undefined],
  ])("reads %s's default and options from core's schema, through defaults, nullables and pipes", (path, defaultValue, options) => {
    const doc = fieldDoc(upstreamSettingsSchema, path);
    expect(doc.defaultValue).toEqual(defaultValue);
    expect(doc.options).toEqual(options);
  });

  it('gives every field the console edits a description from core (one source for docs, console and API)', () => {
    for (const field of [...TEXT_FIELDS, ...OVERRIDE_FIELDS]) {
      expect(fieldDoc(upstreamSettingsSchema, field.path).description, field.path).toMatch(/\w{3}/);
    }
    for (const path of ['host', 'port', 'protocol', 'tlsVerify', 'caCert', 'weight', 'priority', 'maxInFlight', 'adminState', 'headers']) {
      expect(fieldDoc(targetSchema, path).description, path).toMatch(/\w{3}/);
    }
  });

  it('knows no field the schema does not have', () => {
    expect(fieldSchema(upstreamSettingsSchema, 'timeouts.nope')).toBeUndefined();
    expect(fieldSchema(upstreamSettingsSchema, 'toString')).toBeUndefined();
    expect(() => fieldDoc(upstreamSettingsSchema, 'retries.x')).toThrow('core\'s schema has no field "retries.x"');
  });
});
