import type { Clock } from '@headwater/core';

// Structured JSON lines on stdout. Callers pass fields, never secrets: tokens, injected
// headers and proxy passwords are not given to the logger anywhere in the runtime.
export type Logger = {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
};

/** The process's logger: one JSON line per call, stamped with the runtime's clock. */
export function jsonLogger(clock: Clock): Logger {
  const write = (level: string, msg: string, fields?: Record<string, unknown>) =>
    process.stdout.write(`${JSON.stringify({ t: new Date(clock.now()).toISOString(), level, msg, ...fields })}\n`);
  return {
    info: (msg, fields) => write('info', msg, fields),
    warn: (msg, fields) => write('warn', msg, fields),
    error: (msg, fields) => write('error', msg, fields),
  };
}

export const errorFields = (error: unknown): Record<string, unknown> =>
  error instanceof Error ? { error: error.message, code: (error as { code?: unknown }).code } : { error: String(error) };
