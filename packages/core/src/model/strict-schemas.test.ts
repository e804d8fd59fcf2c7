import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { invalidConfig } from '../errors.ts';
import { healthCheckOverridesSchema } from './health-checks.ts';
import { targetSchema } from './target.ts';
import { upstreamSchema } from './upstream.ts';

// "Unknown fields are errors everywhere": an operator's typo must be caught at any depth,
// never silently dropped (a dropped `healthy.sucesses` would leave the default in force).

/** Paths of every object in a schema that would strip unknown keys instead of refusing them. */
function lenientObjects(schema: z.ZodType, path: string, seen = new Set<z.ZodType>()): string[] {
  if (seen.has(schema)) return [];
  seen.add(schema);
  const def = schema._zod.def as unknown as Record<string, unknown>;
  const inner = (key: string, at = path) => (def[key] ? lenientObjects(def[key] as z.ZodType, at, seen) : []);
  if (schema instanceof z.ZodObject) {
    const strict = def.catchall instanceof z.ZodNever;
    return [
      ...(strict ? [] : [path || '(root)']),
      ...Object.entries(schema.shape).flatMap(([key, field]) => lenientObjects(field as z.ZodType, `${path}.${key}`, seen)),
    ];
  }
  if (schema instanceof z.ZodRecord) return [...inner('keyType'), ...inner('valueType', `${path}.*`)];
  if (schema instanceof z.ZodArray) return inner('element', `${path}[]`);
  if (schema instanceof z.ZodUnion) return (def.options as z.ZodType[]).flatMap((option) => lenientObjects(option, path, seen));
  if (schema instanceof z.ZodPipe) return [...inner('in'), ...inner('out')];
  return inner('innerType');
}

const messageOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a validation error');
  return invalidConfig(result.error.issues).message;
};

describe('strict objects at every depth', () => {
  it.each([
    ['upstream', upstreamSchema],
    ['target', targetSchema],
    ['health-check overrides', healthCheckOverridesSchema],
  ])('the %s schema strips nothing anywhere', (_, schema) => {
    expect(lenientObjects(schema as z.ZodType, '')).toEqual([]);
  });

  it.each([
    [{ healthChecks: { active: { healthy: { sucesses: 3 } } } }, 'healthChecks.active.healthy: Unrecognized key: "sucesses"'],
    [{ healthChecks: { active: { unhealthy: { timeout: 1 } } } }, 'healthChecks.active.unhealthy: Unrecognized key: "timeout"'],
    [{ timeouts: { conectMs: 1 } }, 'timeouts: Unrecognized key: "conectMs"'],
    [{ proxy: { host: 'p', port: 1, pasword: 'x' } }, 'proxy: Unrecognized key: "pasword"'],
  ])('refuses the typo in %j, naming where it is', (input, message) => {
    expect(messageOf(upstreamSchema, { name: 'chat', ...input })).toBe(message);
  });

  it('refuses a typo inside a per-target override block', () => {
    expect(messageOf(targetSchema, { host: 'a', port: 1, healthChecks: { active: { unhealthy: { httpFailure: 2 } } } })).toBe(
      'healthChecks.active.unhealthy: Unrecognized key: "httpFailure"',
    );
  });
});
