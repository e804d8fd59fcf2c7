const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Merges a patch over a base: plain objects merge key by key, anything else (arrays, null,
 * scalars) replaces. `undefined` in the patch leaves the base value. So
 * `{ timeouts: { connectMs: 1000 } }` changes one timeout and `{ proxy: null }` removes the proxy.
 */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(base) || !isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    const next = isPlainObject(value) && Object.hasOwn(merged, key) && isPlainObject(merged[key]) ? deepMerge(merged[key], value) : value;
    // Defined, not assigned: a `__proto__` key stays a field the schema refuses, never the prototype.
    Object.defineProperty(merged, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return merged as T;
}
