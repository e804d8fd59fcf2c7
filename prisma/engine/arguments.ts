// The native schema engine's command line, as the Prisma CLI invokes it.
import type { Datasource } from './migration-target.ts';

export interface EngineArguments {
  datamodelPaths: string[];
  datasource: Datasource;
  /** `cli can-connect-to-database` etc.; undefined means JSON-RPC server mode. */
  cliCommand?: string;
  version: boolean;
}

export function parseArguments(argv: readonly string[]): EngineArguments {
  const parsed: EngineArguments = { datamodelPaths: [], datasource: {}, version: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`Missing value after ${arg}`);
      return next;
    };
    switch (arg) {
      case '--datamodels':
        parsed.datamodelPaths.push(value());
        break;
      case '--datasource':
        parsed.datasource = JSON.parse(value()) as Datasource;
        break;
      case '--enabled-preview-features':
      case '--extension-types':
        value(); // accepted for compatibility; the wasm engine has no use for them here
        break;
      case '--version':
      case '-V':
        parsed.version = true;
        break;
      case 'cli':
        parsed.cliCommand = value();
        break;
      default:
        throw new Error(`Unknown schema engine argument: ${arg}`);
    }
  }
  return parsed;
}
