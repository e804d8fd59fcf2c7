/** What a request offers for `hashOn`; the runtime fills it from the incoming request. */
export interface HashSource {
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly clientIp?: string | null;
}

/** The hash key of a request for `hashOn` = `header:NAME` | `ip` | `cookie:NAME`, or null when it has none. */
export function hashKeyOf(hashOn: string, source: HashSource): string | null {
  if (hashOn === 'ip') return source.clientIp || null;
  const colon = hashOn.indexOf(':');
  const kind = hashOn.slice(0, colon);
  const name = hashOn.slice(colon + 1);
  if (kind === 'header') {
    const value = source.headers[name.toLowerCase()];
    const text = Array.isArray(value) ? value.join(',') : value;
    return text ? text : null;
  }
  if (kind === 'cookie') {
    const header = source.headers.cookie;
    const text = Array.isArray(header) ? header.join('; ') : header;
    if (!text) return null;
    for (const part of text.split(';')) {
      const eq = part.indexOf('=');
      if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim() || null;
    }
  }
  return null;
}
