// Loads @prisma/schema-engine-wasm once per process and creates engines on it.
//
// Why by hand instead of `import '@prisma/schema-engine-wasm'`: the package's entry does
// `import * as wasm from "./schema_engine_bg.wasm"`, which Node only accepts behind
// --experimental-wasm-modules. We instantiate the module ourselves with the package's
// wasm-bindgen glue as imports, exactly like Prisma's own loader does.
//
// Why once: the glue keeps the instance in module state; a second instantiation in the same
// process replaces it under live engines and kills the process. The guard lives on
// globalThis (not in module scope) so a second copy of this module (test runners, bundlers
// that duplicate modules) still finds the first instance.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ErrorCapturingSqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';
import { WebAssemblyApi } from './webassembly.ts';

export type { SchemaEngine };
export type EngineLog = (line: string) => void;

type SchemaEngineClass = typeof SchemaEngine;
type GlueModule = typeof import('@prisma/schema-engine-wasm/schema_engine_bg');

const GUARD = Symbol.for('headwater.prisma.schema-engine-wasm');
type GuardedGlobal = typeof globalThis & { [GUARD]?: Promise<SchemaEngineClass> };

/**
 * The engine races its work against timers it never clears (e.g. the 10 s PostgreSQL
 * advisory-lock timeout), which kept every process that migrated alive 10 s after it was
 * done. Unref'd, they still fire if the process is alive, but do not keep it alive.
 */
function withUnrefTimers(glue: GlueModule): Record<string, unknown> {
  const imports: Record<string, unknown> = { ...glue };
  for (const [name, value] of Object.entries(glue)) {
    if (!name.startsWith('__wbg_setTimeout_') || typeof value !== 'function') continue;
    imports[name] = (...args: unknown[]) => {
      const timer = (value as (...a: unknown[]) => unknown)(...args);
      (timer as { unref?: () => void }).unref?.();
      return timer;
    };
  }
  return imports;
}

async function instantiate(): Promise<SchemaEngineClass> {
  const require = createRequire(import.meta.url);
  const gluePath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
  const glue = (await import(gluePath)) as GlueModule;
  const bytes = await readFile(path.join(path.dirname(gluePath), 'schema_engine_bg.wasm'));
  const module = new WebAssemblyApi.Module(bytes);
  const instance = new WebAssemblyApi.Instance(module, { './schema_engine_bg.js': withUnrefTimers(glue) });
  glue.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return glue.SchemaEngine;
}

function loadEngineClass(): Promise<SchemaEngineClass> {
  const global = globalThis as GuardedGlobal;
  global[GUARD] ??= instantiate();
  return global[GUARD];
}

/** A wasm schema engine bound to one driver adapter factory (and optional schema files). */
export async function createSchemaEngine(options: {
  adapter: ErrorCapturingSqlMigrationAwareDriverAdapterFactory;
  datamodels?: Array<[path: string, content: string]>;
  log?: EngineLog;
}): Promise<SchemaEngine> {
  const SchemaEngineClass = await loadEngineClass();
  // The engine rejects an empty list: it wants either undefined or at least one file.
  const datamodels = options.datamodels?.length ? options.datamodels : undefined;
  const log = options.log ?? (() => {});
  return SchemaEngineClass.new({ datamodels }, log, options.adapter);
}
