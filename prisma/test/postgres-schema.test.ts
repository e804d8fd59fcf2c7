// postgresql/schema.prisma is derived from schema.prisma; the committed copy must not drift.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { derivePostgresSchema, schemaPath } from '../src/schema-files.ts';

it('postgresql/schema.prisma is schema.prisma with the PostgreSQL provider', () => {
  const source = readFileSync(schemaPath('sqlite'), 'utf8');
  const committed = readFileSync(schemaPath('postgresql'), 'utf8');
  expect(committed, 'run `pnpm --filter @headwater/prisma run generate` and commit the result').toBe(derivePostgresSchema(source));
  expect(committed).toContain('provider = "postgresql"');
  expect(committed).toContain('output   = "../generated/postgresql"');
});

it('refuses a source it does not know how to derive from', () => {
  expect(() => derivePostgresSchema('datasource db {\n  provider = "mysql"\n}')).toThrow(/derivePostgresSchema/);
});
