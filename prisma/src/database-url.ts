// DATABASE_URL decides the provider: one place that reads its shape.
import path from 'node:path';

export type Provider = 'sqlite' | 'postgresql';

/** The provider a database URL selects; anything but SQLite `file:` or PostgreSQL is refused. */
export function providerOf(url: string): Provider {
  if (url.startsWith('file:')) return 'sqlite';
  if (url.startsWith('postgresql://') || url.startsWith('postgres://')) return 'postgresql';
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(url)?.[0] ?? '(none)';
  throw new Error(`DATABASE_URL must be a SQLite "file:<path>" URL or a "postgresql://" URL; got scheme ${scheme}`);
}

/** The embedded default: an SQLite file under <cwd>/data, as an absolute `file:` URL. */
export function defaultDatabaseUrl(cwd: string = process.cwd()): string {
  return `file:${path.resolve(cwd, 'data', 'headwater.db')}`;
}

/**
 * The absolute file path of an SQLite `file:` URL. Relative paths resolve against `cwd`,
 * which matches the native engine (the Prisma CLI runs it in the config file's folder).
 * Query parameters (`?connection_limit=1`, ...) are Prisma's, not part of the path.
 */
export function sqliteFilePath(url: string, cwd: string = process.cwd()): string {
  let rest = url.slice('file:'.length);
  const query = rest.indexOf('?');
  if (query >= 0) rest = rest.slice(0, query);
  // `file://` URLs (file:///abs/path) are accepted too.
  if (rest.startsWith('//')) rest = rest.slice(2);
  return path.resolve(cwd, decodeURIComponent(rest));
}
