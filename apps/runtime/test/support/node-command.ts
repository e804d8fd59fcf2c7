import path from 'node:path';
import { fileURLToPath } from 'node:url';

// How a runtime node runs as a process of its own: the compiled runtime (apps/runtime/dist/main.js,
// as `pnpm run start:runtime` runs it), configured by its environment alone. The runtime's process
// tests (node-process.ts) and the Playwright specs (`@headwater/runtime/test-support/node-command`)
// each spawn and watch the process their own way, so this file imports nothing of either.

/** The compiled runtime, as `pnpm run build` (or node-process.ts's buildRuntime) leaves it. */
export const runtimeMain = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/main.js');

export interface NodeCommandSettings {
  readonly id: string;
  readonly dataPort: number;
  readonly adminPort: number;
  readonly databaseUrl: string;
  /** The node's own data folder. */
  readonly dataDir: string;
  readonly adminToken: string;
  /** Shared by every node of one database, as in a fleet: each opens the secrets the others sealed. */
  readonly secretKey: string;
  /** More HEADWATER_* settings (shutdown delay, poll interval, ...), over these. */
  readonly env?: Record<string, string>;
}

/** The command, arguments and whole environment (nothing inherited) of a node on loopback. */
export function nodeCommand(settings: NodeCommandSettings): { command: string; argv: string[]; env: Record<string, string> } {
  return {
    command: process.execPath,
    argv: ['--enable-source-maps', runtimeMain],
    env: {
      DATABASE_URL: settings.databaseUrl,
      HEADWATER_NODE_ID: settings.id,
      HEADWATER_DATA_PORT: String(settings.dataPort),
      HEADWATER_ADMIN_PORT: String(settings.adminPort),
      HEADWATER_BIND: '127.0.0.1',
      HEADWATER_ADMIN_TOKEN: settings.adminToken,
      HEADWATER_SECRET_KEY: settings.secretKey,
      HEADWATER_DATA_DIR: settings.dataDir,
      HEADWATER_ACCESS_LOG: 'off',
      ...settings.env,
    },
  };
}
