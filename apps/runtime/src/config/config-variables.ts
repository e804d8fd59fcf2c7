import { randomBytes } from 'node:crypto';
import { HeadwaterError, errorCodes } from '@headwater/core';
import { isPair, isScalar, isSeq, parseDocument, visit } from 'yaml';
import { assertShallowYaml } from './yaml-nesting.ts';

/** Environment variables as `${VAR}` reads them (the process's environment). */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/**
 * What `${VAR}` in a declarative config may read, and where it may stand.
 * - `any-field`: the start-up file (HEADWATER_CONFIG), which the operator writes; a variable
 *   may give any value (`port: ${PORT}`).
 * - `secret-fields`: a config imported through the admin API, which anyone holding the token
 *   writes; a variable may only give a secret (a target's `headers` value, a proxy `password`),
 *   which is never shown again. Anywhere else it would read a variable out through the API.
 * Neither ever reads the runtime's own settings (see `isRuntimeSetting`).
 */
export interface ConfigVariables {
  readonly values: EnvironmentVariables;
  readonly allowedIn: 'any-field' | 'secret-fields';
}

/**
 * The runtime's own settings, which `${VAR}` never reads: `HEADWATER_*` (the admin token, the
 * secret key), DATABASE_URL and libpq's `PG*` variables (both can hold the database password).
 * Filled into a header, any of them would travel to a target of the writer's choosing.
 */
export const isRuntimeSetting = (name: string): boolean =>
  name.startsWith('HEADWATER_') || name === 'DATABASE_URL' || /^PG[A-Z]+$/.test(name);

const variable = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

const invalid = (source: string, field: string, message: string) =>
  new HeadwaterError(errorCodes.INVALID_CONFIG, `${source}: ${field}: ${message}`, [{ path: field, message }]);

/** `upstreams.0.proxy.password` for a scalar, from the nodes above it. */
function fieldPath(key: number | 'key' | 'value' | null, path: readonly unknown[]): string {
  const parts: Array<string | number> = [];
  path.forEach((node, index) => {
    if (isPair(node)) parts.push(isScalar(node.key) ? String(node.key.value) : '?');
    else if (isSeq(node)) {
      const next = path[index + 1];
      parts.push(next === undefined ? String(key) : node.items.indexOf(next as never));
    }
  });
  return parts.join('.');
}

function plainScalar(value: string): unknown {
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(value)) return Number(value);
  if (value === 'true' || value === 'false') return value === 'true';
  if (value === '' || value === 'null' || value === '~') return null;
  return value;
}

/** `upstreams.N.targets.N.headers.NAME` or `upstreams.N.proxy.password`: the fields whose values are secrets. */
function isSecretField(path: ReadonlyArray<string | number>): boolean {
  const [root, upstream, block, ...rest] = path;
  if (root !== 'upstreams' || typeof upstream !== 'number') return false;
  if (block === 'proxy') return rest.length === 1 && rest[0] === 'password';
  return block === 'targets' && rest.length === 3 && typeof rest[0] === 'number' && rest[1] === 'headers' && typeof rest[2] === 'string';
}

/** A scalar that held variables: its text once they are filled in, and how it was written. */
interface Filled {
  text: string;
  plain: boolean;
  names: string[];
}

/**
 * Parses YAML with `${VAR}` read from `variables`, value by value: each `${VAR}` becomes an
 * inert token before parsing (so it is valid anywhere, `{ port: ${PORT} }` included), and each
 * scalar holding tokens is filled in after parsing. So a value is taken exactly as the
 * environment holds it: a secret with ` #`, `: ` or quotes in it can neither end early nor
 * break the YAML. A plain (unquoted) scalar outside a secret field that becomes a number,
 * boolean or null is read as one. A variable in a comment is not read.
 *
 * Where a filled scalar may stand is judged on the parsed values, at every place it reaches
 * (an alias repeats a scalar elsewhere). A missing variable, a runtime setting, or a variable
 * where it may not stand is an error naming the field.
 */
export function parseYamlWithVariables(text: string, variables: ConfigVariables, source: string): unknown {
  assertShallowYaml(text, source);
  const nonce = randomBytes(8).toString('hex');
  const names: string[] = [];
  const token = new RegExp(`hwenv${nonce}x(\\d+)x`, 'g');
  const document = parseDocument(text.replace(variable, (_, name: string) => `hwenv${nonce}x${names.push(name) - 1}x`));
  const error = document.errors[0];
  if (error) {
    const reason = error.message.split('\n')[0]?.replace(token, (_, index: string) => `\${${names[Number(index)]}}`);
    throw new HeadwaterError(errorCodes.INVALID_CONFIG, `${source}: not valid YAML: ${reason}`, [
      { path: source, message: `not valid YAML: ${reason}` },
    ]);
  }
  const filled = new Map<string, Filled>();
  visit(document, {
    Scalar(key, node, path) {
      if (typeof node.value !== 'string' || !node.value.includes(`hwenv${nonce}x`)) return;
      const field = fieldPath(key, path);
      const used: string[] = [];
      const text = node.value.replace(token, (_, index: string) => {
        const name = names[Number(index)]!;
        if (isRuntimeSetting(name))
          throw invalid(source, field, `\${${name}} is one of the runtime's own settings, which a config never reads`);
        const value = variables.values[name];
        if (value === undefined) throw invalid(source, field, `environment variable ${name} is not set`);
        used.push(name);
        return value;
      });
      const marker = `hwfill${nonce}x${filled.size}x`;
      filled.set(marker, { text, plain: node.type === 'PLAIN', names: used });
      node.value = marker;
    },
  });
  return fillIn(plainValues(document, source), [], { filled, variables, source, ancestors: new Set() });
}

/** The document as plain values; an alias bomb (the library counts) is refused like any invalid YAML. */
function plainValues(document: ReturnType<typeof parseDocument>, source: string): unknown {
  try {
    return document.toJS() ?? {};
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HeadwaterError(errorCodes.INVALID_CONFIG, `${source}: not valid YAML: ${reason}`, [
      { path: source, message: `not valid YAML: ${reason}` },
    ]);
  }
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && [Object.prototype, null].includes(Object.getPrototypeOf(value));

interface FillContext {
  filled: ReadonlyMap<string, Filled>;
  variables: ConfigVariables;
  source: string;
  /** The lists and maps above the value being filled: an alias inside its own anchor would never end. */
  ancestors: Set<object>;
}

/** A copy of the parsed values with every filled scalar in place, each judged where it stands. */
function fillIn(value: unknown, path: Array<string | number>, context: FillContext): unknown {
  if (!Array.isArray(value) && !isPlainObject(value)) return fillScalar(value, path, context);
  if (context.ancestors.has(value)) throw invalid(context.source, path.join('.'), 'refers to itself (an alias inside its own anchor)');
  context.ancestors.add(value);
  try {
    if (Array.isArray(value)) return value.map((item, index) => fillIn(item, [...path, index], context));
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const filledKey = context.filled.get(key);
        if (filledKey) refuseOutsideSecrets(filledKey, path, context, 'as a name');
        const name = filledKey?.text ?? key;
        return [name, fillIn(item, [...path, name], context)];
      }),
    );
  } finally {
    context.ancestors.delete(value);
  }
}

function fillScalar(value: unknown, path: Array<string | number>, context: FillContext): unknown {
  const filled = typeof value === 'string' ? context.filled.get(value) : undefined;
  if (!filled) return value;
  const secret = isSecretField(path);
  if (!secret) refuseOutsideSecrets(filled, path, context, 'here');
  return secret || !filled.plain ? filled.text : plainScalar(filled.text);
}

function refuseOutsideSecrets(filled: Filled, path: Array<string | number>, context: FillContext, where: string): void {
  if (context.variables.allowedIn === 'any-field') return;
  const names = filled.names.map((name) => `\${${name}}`).join(', ');
  throw invalid(
    context.source,
    path.join('.'),
    `${names} cannot stand ${where}: an imported config reads variables only in secret fields (a target's headers values, a proxy password)`,
  );
}
