import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDatabaseUrl, providerOf, sqliteFilePath } from '../src/database-url.ts';

describe('providerOf', () => {
  it.each([
    ['file:./data/headwater.db', 'sqlite'],
    ['file:/abs/headwater.db', 'sqlite'],
    ['postgresql://u@localhost:5432/db', 'postgresql'],
    ['postgres://u@localhost/db?schema=hw', 'postgresql'],
  ])('%s -> %s', (url, provider) => {
    expect(providerOf(url)).toBe(provider);
  });

  it.each(['mysql://u@h/db', 'headwater.db', ''])('refuses %j, naming DATABASE_URL', (url) => {
    expect(() => providerOf(url)).toThrow(/DATABASE_URL/);
  });
});

describe('defaultDatabaseUrl', () => {
  it('is an absolute file: URL under <cwd>/data', () => {
    expect(defaultDatabaseUrl('/srv/headwater')).toBe('file:/srv/headwater/data/headwater.db');
    expect(defaultDatabaseUrl()).toBe(`file:${path.join(process.cwd(), 'data', 'headwater.db')}`);
  });
});

describe('sqliteFilePath', () => {
  it('resolves relative paths against cwd and drops Prisma parameters', () => {
    expect(sqliteFilePath('file:./dev.db?connection_limit=1', '/srv')).toBe('/srv/dev.db');
    expect(sqliteFilePath('file:/abs/dev.db', '/srv')).toBe('/abs/dev.db');
    expect(sqliteFilePath('file:///abs/dev.db', '/srv')).toBe('/abs/dev.db');
  });
});
