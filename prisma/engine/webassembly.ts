// The slice of the WebAssembly global we use. Node has it, but our compiler settings (no DOM
// lib) declare no types for it, so it is typed here rather than pulling in the DOM lib.
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, object>) => { exports: Record<string, unknown> };
  RuntimeError: new (message?: string) => Error;
}

export const WebAssemblyApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
