// Where the schemas and migrations of each provider live, and how the PostgreSQL schema is
// derived from the one source (schema.prisma, written for SQLite).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Provider } from './database-url.ts';

/** The prisma/ package folder. */
export const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export function schemaPath(provider: Provider): string {
  return provider === 'sqlite' ? path.join(packageRoot, 'schema.prisma') : path.join(packageRoot, 'postgresql', 'schema.prisma');
}

export function migrationsPath(provider: Provider): string {
  return path.join(packageRoot, 'migrations', provider);
}

const DERIVED_HEADER = `// GENERATED from ../schema.prisma by scripts/generate.ts: do not edit.
// Same models; PostgreSQL provider and its own client output.

`;

/**
 * The PostgreSQL schema: the source with the datasource provider swapped and the client
 * written next to the SQLite one. Fails loudly if the source stops matching what we swap.
 */
export function derivePostgresSchema(source: string): string {
  const swaps: Array<[RegExp, string]> = [
    [/(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"'],
    [/(generator client \{[^}]*output\s*=\s*)"\.\/generated\/sqlite"/, '$1"../generated/postgresql"'],
  ];
  let derived = source;
  for (const [pattern, replacement] of swaps) {
    if (!pattern.test(derived)) throw new Error(`schema.prisma no longer matches ${pattern}: update derivePostgresSchema`);
    derived = derived.replace(pattern, replacement);
  }
  return DERIVED_HEADER + derived;
}
