// `pnpm --filter @headwater/prisma run generate`: derive the PostgreSQL schema from
// schema.prisma, then generate a Prisma Client for each provider into generated/.
// Skips the (slow, ~3 s) client generation when nothing changed since the last run, so
// build, test and typecheck can all call it; `--force` regenerates anyway.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { derivePostgresSchema, packageRoot, schemaPath } from '../src/schema-files.ts';
import type { Provider } from '../src/database-url.ts';
import { childEnv } from '../src/env.ts';

const providers: Provider[] = ['sqlite', 'postgresql'];
const stampPath = path.join(packageRoot, 'generated', '.stamp');
const prismaCli = path.join(packageRoot, 'node_modules', 'prisma', 'build', 'index.js');

const source = readFileSync(schemaPath('sqlite'), 'utf8');
const derived = derivePostgresSchema(source);
if (!existsSync(schemaPath('postgresql')) || readFileSync(schemaPath('postgresql'), 'utf8') !== derived) {
  writeFileSync(schemaPath('postgresql'), derived);
  console.log('prisma: wrote postgresql/schema.prisma');
}

const prismaVersion = JSON.parse(readFileSync(path.join(packageRoot, 'node_modules', 'prisma', 'package.json'), 'utf8')).version as string;
const stamp = createHash('sha256').update(prismaVersion).update(source).update(derived).digest('hex');
const clientsExist = providers.every((provider) => existsSync(path.join(packageRoot, 'generated', provider, 'client.ts')));
const upToDate = clientsExist && existsSync(stampPath) && readFileSync(stampPath, 'utf8') === stamp;

if (upToDate && !process.argv.includes('--force')) {
  console.log('prisma: generated clients are up to date');
} else {
  for (const provider of providers) {
    // cwd = prisma/ so the CLI loads prisma.config.ts, which points it at the engine bridge.
    execFileSync(process.execPath, [prismaCli, 'generate', '--schema', schemaPath(provider)], {
      cwd: packageRoot,
      stdio: 'inherit',
      env: childEnv({ PRISMA_HIDE_UPDATE_MESSAGE: '1' }),
    });
  }
  writeFileSync(stampPath, stamp);
}
