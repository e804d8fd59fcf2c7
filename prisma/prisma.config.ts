// Prisma CLI configuration. DATABASE_URL picks the provider, and with it the schema and
// the migrations folder; the default is the embedded SQLite file under <repo>/data.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'prisma/config';
import { defaultDatabaseUrl, providerOf } from './src/database-url.ts';
import { readPrismaCliEnv, pointCliAtSchemaEngine } from './src/env.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

// The native schema engine cannot be downloaded here; the CLI loads this file before it
// looks for an engine, so pointing it at our WebAssembly bridge is enough.
pointCliAtSchemaEngine(path.join(here, 'engine', 'schema-engine.mjs'));

const env = readPrismaCliEnv();
const url = env.databaseUrl ?? defaultDatabaseUrl(path.resolve(here, '..'));
const provider = providerOf(url);

export default defineConfig({
  schema: provider === 'sqlite' ? path.join(here, 'schema.prisma') : path.join(here, 'postgresql', 'schema.prisma'),
  migrations: { path: path.join(here, 'migrations', provider) },
  datasource: {
    url,
    ...(env.shadowDatabaseUrl ? { shadowDatabaseUrl: env.shadowDatabaseUrl } : {}),
  },
});
