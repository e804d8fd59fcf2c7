// The environment of the browser tests, read once: `process.env` appears nowhere else under e2e/.

/** A variable's value; an empty one counts as unset. */
function read(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

export const e2eEnv = {
  /**
   * A PostgreSQL server the fleet spec may create a schema on (e2e/bin/test-all.sh exports what
   * e2e/bin/ensure-postgres.sh found or started); the same default as the runtime's tests.
   */
  testPostgresUrl: read('TEST_POSTGRES_URL') ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  /** Passed on to `next start`, whose workers look up programs on it. */
  path: read('PATH') ?? '/usr/local/bin:/usr/bin:/bin',
  home: read('HOME') ?? '/tmp',
} as const;
