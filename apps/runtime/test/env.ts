import { z } from 'zod';

// The environment of the runtime's tests, read once: `process.env` appears nowhere else under test/.

const schema = z.object({
  /** A PostgreSQL server where tests may create and drop databases (a role with CREATEDB). */
  TEST_POSTGRES_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, { error: 'must be a postgresql:// URL' })
    .default('postgresql://postgres@127.0.0.1:5432/postgres'),
});

export type TestEnv = z.infer<typeof schema>;

export function readTestEnv(source: NodeJS.ProcessEnv = process.env): TestEnv {
  // An empty variable counts as unset (`TEST_POSTGRES_URL= pnpm test` means the default).
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid test environment:\n${lines.join('\n')}`);
  }
  return result.data;
}
