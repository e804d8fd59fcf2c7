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

/** Applies incoming header values over stored ones; a masked incoming value keeps the stored one. */
export function mergeSecretHeaders(
  incoming: Readonly<Record<string, string>>,
  stored: Readonly<Record<string, string>>,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(incoming).map(([name, value]) => [name, isMasked(value) ? (stored[name.toLowerCase()] ?? '') : value]),
  );
}

/** A masked incoming secret keeps the stored one. */
export function keepMaskedSecret(incoming: string | undefined, stored: string | undefined): string | undefined {
  return incoming !== undefined && isMasked(incoming) ? stored : incoming;
}
