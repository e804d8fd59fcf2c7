// Entry point of the schema-engine bridge (see schema-engine.mjs for why it exists).
import { readFile } from 'node:fs/promises';
import { parseArguments } from './arguments.ts';
import { EngineSession } from './engine-session.ts';
import { runOneShot } from './one-shot.ts';
import { serve } from './rpc-server.ts';

// The Prisma CLI prints this for `prisma version`; it is the wasm engine's commit.
const ENGINE_VERSION = 'schema-engine-cli 0edf323efd1d98336f3f0a68684b56f689b900d3 (wasm bridge)';

async function main(): Promise<number> {
  const args = parseArguments(process.argv.slice(2));
  if (args.version) {
    process.stdout.write(`${ENGINE_VERSION}\n`);
    return 0;
  }
  // The CLI starts the engine in the config file's folder: relative SQLite paths resolve here.
  const cwd = process.cwd();
  if (args.cliCommand) return runOneShot(args.cliCommand, args.datasource, cwd);

  const datamodels = await Promise.all(
    args.datamodelPaths.map(async (file): Promise<[string, string]> => [file, await readFile(file, 'utf8')]),
  );
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const session = EngineSession.open({ datasource: args.datasource, datamodels, cwd, log });
  await serve(session);
  await session.close();
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`schema-engine-wasm bridge crashed\n${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
