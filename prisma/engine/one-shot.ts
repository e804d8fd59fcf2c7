// `schema-engine cli <command>`: the CLI reads the exit code, and on failure parses every
// stderr line after the first as a JSON log record, looking for an ERROR with an error code.
import { checkConnection, createDatabase } from './database-admin.ts';
import { describeEngineError } from './engine-error.ts';
import { type Datasource, migrationTarget } from './migration-target.ts';

function errorRecord(message: string, errorCode?: string): string {
  return JSON.stringify({
    timestamp: new Date().toISOString(),
    level: 'ERROR',
    fields: errorCode ? { message, error_code: errorCode } : { message },
    target: 'schema_engine::logger',
  });
}

export async function runOneShot(command: string, datasource: Datasource, cwd: string): Promise<number> {
  const url = datasource.url;
  try {
    if (!url) throw new Error('The datasource has no url');
    const target = migrationTarget(datasource, [], cwd);
    if (command === 'can-connect-to-database') await checkConnection(target, url);
    else if (command === 'create-database') await createDatabase(target, url);
    else throw new Error(`Unsupported schema engine cli command: ${command}`);
    return 0;
  } catch (error) {
    const { message, errorCode } = describeEngineError(error);
    // The first line is dropped by the CLI (the native engine prints a banner there).
    process.stderr.write(`schema-engine-wasm bridge: ${command} failed\n${errorRecord(message, errorCode)}`);
    return 1;
  }
}
