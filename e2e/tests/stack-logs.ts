import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

// Where the runtime and the console this Playwright run starts write their stdout and stderr
// (see playwright.config.ts): one file each, emptied at every start, so a spec can read what
// the processes logged, a secret that must never appear there, say.

const logDir = resolve(import.meta.dirname, '..', 'artifacts', 'logs');

export const stackLogs = {
  dir: logDir,
  runtime: resolve(logDir, 'runtime.log'),
  console: resolve(logDir, 'console.log'),
} as const;

/** Everything both processes have logged so far. */
export function readStackLogs(): { runtime: string; console: string } {
  return { runtime: readFileSync(stackLogs.runtime, 'utf8'), console: readFileSync(stackLogs.console, 'utf8') };
}
