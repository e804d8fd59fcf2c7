// Every environment variable this package reads or sets, in one place: `process.env` appears
// nowhere else. The values are URLs whose shape `providerOf` checks where they are used, so a
// plain reader is enough here (no schema library in this package).

/** The Prisma CLI's view of the environment, read by prisma.config.ts. */
export interface PrismaCliEnv {
  /** DATABASE_URL: picks the provider, the schema and the migrations folder; unset or empty means the embedded default. */
  readonly databaseUrl: string | undefined;
  /** SHADOW_DATABASE_URL: where `migrate dev` replays migrations, when the role cannot create databases itself. */
  readonly shadowDatabaseUrl: string | undefined;
}

/** A variable's value; an empty one counts as unset (`VAR= cmd` is how a shell unsets for one command). */
function read(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

export function readPrismaCliEnv(): PrismaCliEnv {
  return { databaseUrl: read('DATABASE_URL'), shadowDatabaseUrl: read('SHADOW_DATABASE_URL') };
}

/**
 * Points the Prisma CLI at `bridgePath` as its schema engine, unless the caller chose one.
 * It must run while the CLI loads its config: the CLI looks for the engine only afterwards,
 * and without this it tries to download the native engine, which is unreachable here.
 */
export function pointCliAtSchemaEngine(bridgePath: string): void {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= bridgePath;
}

/** TEST_POSTGRES_URL: a PostgreSQL server where tests may create and drop databases. */
export function testPostgresUrl(): string {
  return read('TEST_POSTGRES_URL') ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/**
 * The environment for a child process: this process's, with `changes` applied; a change
 * to `undefined` removes the variable (e.g. to make the child find its own engine).
 */
export function childEnv(changes: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}
