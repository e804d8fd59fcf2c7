// Reading and writing nested plain objects by dotted API path ("timeouts.connectMs"), and the
// JSON Merge Patch (RFC 7386) that turns one object into another: how the editor sends only
// what changed, with `null` for what was removed.

export type PlainObject = Record<string, unknown>;

export const isPlainObject = (value: unknown): value is PlainObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export function valueAt(source: unknown, path: string): unknown {
  let node = source;
  for (const key of path.split('.')) {
    if (!isPlainObject(node) || !Object.hasOwn(node, key)) return undefined;
    node = node[key];
  }
  return node;
}

/** Sets `value` at `path` in `target`, creating the objects on the way. Mutates `target`. */
export function setAt(target: PlainObject, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop() as string;
  let node = target;
  for (const key of keys) {
    const next = node[key];
    if (!isPlainObject(next)) node[key] = {};
    node = node[key] as PlainObject;
  }
  node[last] = value;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * What to send to turn `before` into `after`: changed members with their new value, removed
 * ones as `null`, objects compared member by member. Paths in `whole` are sent whole when
 * anything in them changed (a map the server replaces rather than merges). Empty when equal.
 */
export function mergePatch(before: PlainObject, after: PlainObject, whole: readonly string[] = [], prefix = ''): PlainObject {
  const patch: PlainObject = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const path = prefix ? `${prefix}.${key}` : key;
    const from = before[key];
    const to = after[key];
    if (to === undefined) {
      if (from !== undefined) patch[key] = null;
    } else if (isPlainObject(from) && isPlainObject(to) && !whole.includes(path)) {
      const nested = mergePatch(from, to, whole, path);
      if (Object.keys(nested).length > 0) patch[key] = nested;
    } else if (!same(from, to)) {
      patch[key] = to;
    }
  }
  return patch;
}

/**
 * The API paths a patch changes, as `prefix.path` leaves: objects are walked, anything else is
 * a leaf, and so is an empty object (a map emptied whole, an empty block).
 */
export function patchPaths(patch: object, prefix = ''): string[] {
  return Object.entries(patch).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return isPlainObject(value) && Object.keys(value).length > 0 ? patchPaths(value, path) : [path];
  });
}
