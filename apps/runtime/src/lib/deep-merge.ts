const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Merges a patch over a base as a JSON Merge Patch (RFC 7386): plain objects merge key by key,
 * `null` removes the member (the schema then applies its default, so `{ proxy: null }` means no
 * proxy and `{ hashOn: null }` no hash key), anything else (arrays, scalars) replaces.
 * `undefined` in the patch leaves the base value. So `{ timeouts: { connectMs: 1000 } }` changes
 * one timeout and `{ healthChecks: { passive: { windowMs: null } } }` resets one override.
 */
export function deepMerge<T>(base: T, patch: unknown): T {
  if (!isPlainObject(patch)) return (patch === undefined ? base : patch) as T;
  // An object patch over anything but an object merges into an empty one, its nulls dropped.
  const merged: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if (value === null) {
      delete merged[key];
      continue;
    }
    const next = isPlainObject(value) ? deepMerge(Object.hasOwn(merged, key) ? merged[key] : undefined, value) : value;
    // Defined, not assigned: a `__proto__` key stays a field the schema refuses, never the prototype.
    Object.defineProperty(merged, key, { value: next, enumerable: true, writable: true, configurable: true });
  }
  return merged as T;
}
