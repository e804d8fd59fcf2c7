// The wasm engine throws plain JS errors; the CLI expects the native engine's error shapes.
import { WebAssemblyApi } from './webassembly.ts';

export interface EngineFailure {
  message: string;
  /** Prisma's user-facing code (P1001, P3005, ...), when the engine gave one. */
  errorCode?: string;
  meta?: unknown;
  /** A Rust panic inside the wasm module (WebAssembly.RuntimeError: unreachable, ...). */
  isPanic: boolean;
}

export function describeEngineError(error: unknown): EngineFailure {
  if (error instanceof WebAssemblyApi.RuntimeError) {
    return { message: (error as Error).message, isPanic: true };
  }
  if (error instanceof Error || (typeof error === 'object' && error !== null)) {
    const record = error as { message?: unknown; code?: unknown; meta?: unknown; cause?: unknown };
    const message = typeof record.message === 'string' ? record.message : String(error);
    const failure: EngineFailure = { message, isPanic: false };
    if (typeof record.code === 'string' && /^P\d{4}$/.test(record.code)) failure.errorCode = record.code;
    if (record.meta !== undefined) failure.meta = record.meta;
    return failure;
  }
  return { message: String(error), isPanic: false };
}

/** An error carrying a Prisma error code, for failures the bridge itself detects. */
export class EngineCodeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'EngineCodeError';
  }
}
