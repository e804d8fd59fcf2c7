import { defaultDatabaseUrl, migrateDatabase } from '@headwater/prisma';
import { setFlagsFromString } from 'node:v8';
import { startRuntime } from './app.ts';
import { configVariables, type Env, readEnv } from './env.ts';
import { errorFields, jsonLogger } from './lib/logger.ts';
import { systemClock } from './lib/runtime-clock.ts';
import { MIGRATE_COMMAND, migrateInChild } from './migrate-in-child.ts';

// The process: reads its environment, starts the runtime, and stops it on SIGTERM or SIGINT.

let env: Env;
try {
  env = readEnv();
} catch (error) {
  // The message names each bad variable; a stack trace would only bury it.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
if (process.argv[2] === MIGRATE_COMMAND) {
  // `node dist/main.js migrate`: what the runtime runs in a child before it opens the database,
  // and what a deploy pipeline may run on its own. Nothing on stdout; the error alone on stderr.
  await migrateDatabase(env.DATABASE_URL ?? defaultDatabaseUrl()).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
// Prisma's query compiler is WebAssembly, run only for config reads and writes (never per request).
// V8's optimising tier (TurboFan) recompiles such a module in the background into about 75 MB
// of machine code that a serving node keeps for good; its baseline tier (Liftoff) compiles it
// into far less, and answered the config poll as fast when measured. Set before the first
// query compiles the module. See docs/performance.md, "Memory".
setFlagsFromString('--liftoff-only');
// One clock for the runtime and for the logger that stamps its lines.
const clock = systemClock;
const log = jsonLogger(clock);
const migrate = migrateInChild(process.argv[1]!);
const runtime = await startRuntime(env, log, { variables: configVariables(), clock, migrate }).catch((error: unknown) => {
  log.error('runtime failed to start', errorFields(error));
  process.exit(1);
});

log.info('runtime listening', { dataPort: runtime.dataPort, adminPort: runtime.adminPort, node: env.HEADWATER_NODE_ID });
const { adminToken } = runtime;
if (adminToken.source === 'generated') {
  // Printed once, on the start that generated it; later starts only say where it is kept.
  process.stdout.write(`\nAdmin token (generated; saved to ${adminToken.file}): ${adminToken.token}\n\n`);
} else if (adminToken.source === 'file') {
  log.info('admin token read from file', { file: adminToken.file });
}

// A request failure must never take the process down; log and carry on.
process.on('uncaughtException', (error) => log.error('uncaught exception', errorFields(error)));
process.on('unhandledRejection', (error) => log.error('unhandled rejection', errorFields(error)));

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    log.info('shutting down', { signal });
    runtime.shutdown().then(
      () => process.exit(0),
      (error: unknown) => {
        log.error('shutdown failed', errorFields(error));
        process.exit(1);
      },
    );
  });
}
