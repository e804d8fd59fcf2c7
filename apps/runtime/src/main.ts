import { startRuntime } from './app.ts';
import { readEnv, type Env } from './env.ts';
import { errorFields, jsonLogger as log } from './lib/logger.ts';

let env: Env;
try {
  env = readEnv();
} catch (error) {
  // The message names each bad variable; a stack trace would only bury it.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
const runtime = await startRuntime(env, log).catch((error: unknown) => {
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
