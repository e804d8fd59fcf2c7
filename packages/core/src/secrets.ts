// Secrets (injected header values, proxy passwords) are shown masked everywhere. A masked
// value sent back in an update means "keep what is stored", so a form can round-trip.

const MASK = '••••';

export function maskSecret(value: string): string {
  // Only long secrets reveal a short tail: enough to tell two keys apart, never enough to use.
  return value.length >= 16 ? `${MASK}${value.slice(-4)}` : MASK;
}

export function isMasked(value: string): boolean {
  return value.startsWith(MASK);
}

export function maskHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, maskSecret(value)]));
}

/**
 * Applies incoming header values over stored ones; a masked incoming value keeps the stored
 * one. A masked value with nothing stored to keep is left out of `headers` and named in
 * `unkept` (as it was given), for the caller to refuse.
 */
export function mergeSecretHeaders(
  incoming: Readonly<Record<string, unknown>>,
  stored: Readonly<Record<string, string>>,
): { headers: Record<string, unknown>; unkept: string[] } {
  const unkept: string[] = [];
  const merged = Object.entries(incoming).flatMap(([name, value]): Array<[string, unknown]> => {
    // Anything but a masked string is the caller's value, for the schema to judge.
    if (typeof value !== 'string' || !isMasked(value)) return [[name, value]];
    const kept = Object.hasOwn(stored, name.toLowerCase()) ? stored[name.toLowerCase()] : undefined;
    if (kept === undefined) unkept.push(name);
    return kept === undefined ? [] : [[name, kept]];
  });
  // fromEntries makes each name an own field, `__proto__` included, so the schema sees every one.
  return { headers: Object.fromEntries(merged), unkept };
}

/** A masked incoming secret keeps the stored one. */
export function keepMaskedSecret(incoming: string | undefined, stored: string | undefined): string | undefined {
  return incoming !== undefined && isMasked(incoming) ? stored : incoming;
}
