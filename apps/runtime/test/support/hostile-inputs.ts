import fc from 'fast-check';
import { stringify } from 'yaml';

// Inputs a careless or hostile admin client sends: values of every JSON type where another was
// expected, text that breaks headers, logs or YAML, and near-valid objects (a field dropped, a
// value swapped for one of these, a typo'd key added) at any depth of a valid template.

/** `${NAME}`, as a config spells a variable (written out, not a template slot). */
const placeholder = (name: string) => `\${${name}}`;

const awkwardValues: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2 ** 31,
  2 ** 53 + 2,
  1e308,
  -1e308,
  '',
  ' ',
  '\u0000',
  'a\r\nX-Injected: 1',
  '\u00a0',
  '••••',
  '••••abcd',
  placeholder('HEADWATER_SECRET_KEY'),
  placeholder('DATABASE_URL'),
  '__proto__',
  'constructor',
  '/../../etc/passwd',
  '\u202eevil',
  '😀'.repeat(10),
  'x'.repeat(300),
  {},
  [],
  JSON.parse('{"__proto__": {"polluted": true}}') as unknown, // an own key, as JSON.parse makes it
  [[[[]]]],
];

/** One value that is wrong in some way, of any JSON type. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...awkwardValues) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.oneof(fc.integer(), fc.double()) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
);

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A key close to a real one (a typo), or any key at all. */
const strayKey = (keys: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...(keys.length > 0 ? keys : ['x'])).map((key) => `${key.slice(0, -1)}${key.endsWith('s') ? '' : 's'}`),
    fc.constantFrom('__proto__', 'constructor', 'prototype', '$where', ''),
    fc.string({ maxLength: 12 }),
  );

/**
 * Near-valid versions of `template`: each field kept, swapped for a hostile value or left out,
 * sometimes a stray key added, recursively; now and then the whole value replaced.
 */
export function nearly(template: unknown): fc.Arbitrary<unknown> {
  let near: fc.Arbitrary<unknown>;
  if (Array.isArray(template)) {
    near = fc.oneof(fc.tuple(...template.map(nearly)), fc.array(nearly(template[0]), { maxLength: 3 }));
  } else if (isPlainObject(template)) {
    const keys = Object.keys(template);
    const fields = Object.fromEntries(keys.map((key) => [key, nearly(template[key])]));
    near = fc
      .tuple(fc.record(fields, { requiredKeys: [] }), fc.option(fc.tuple(strayKey(keys), hostileValue), { freq: 4 }))
      .map(([value, stray]) => (stray ? { ...value, [stray[0]]: stray[1] } : value));
  } else {
    near = fc.constant(template);
  }
  return fc.oneof({ weight: 6, arbitrary: near }, { weight: 1, arbitrary: hostileValue });
}

/** Texts for config.import: near-valid YAML of `template`, YAML-hostile text, and anything at all. */
export function hostileYaml(template: unknown): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: nearly(template).map((value) => stringify(value ?? null)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom(
        `a: ${'['.repeat(5_000)}`,
        `a: ${'- '.repeat(5_000)}x`,
        'a: &x [*x]\nupstreams: *x\n',
        `a: &a [1]\nupstreams: [${Array(200).fill('*a').join(',')}]\n`,
        'upstreams:\n  - name: x\n    targets: [{ host: h, port: 1, headers: { host: evil } }]\n',
        'upstreams:\n  - name: x\n    healthChecks: { active: { healthy: { sucesses: 1 } } }\n',
        `upstreams:\n  - name: ${placeholder('HEADWATER_ADMIN_TOKEN')}\n`,
        'upstreams: !!set { a, b }\n',
        '%YAML 9.9\n---\n',
        '\u0000\u0001',
      ),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
  );
}
