// How big a config import may be. The runtime's `config.import` refuses a text over 1 MiB of
// UTF-8 (its MAX_IMPORT_BYTES); the console says so before sending, rather than after.

export const MAX_IMPORT_BYTES = 1_048_576;

export function utf8ByteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** "812 B", "12.3 KiB", "1 MiB": binary units, as the limit is stated. */
export function formatBytes(bytes: number): string {
  if (bytes < 1_024) return `${bytes} B`;
  if (bytes < 1_048_576) return `${trim(bytes / 1_024)} KiB`;
  return `${trim(bytes / 1_048_576)} MiB`;
}

function trim(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/** Why a text of `bytes` cannot be imported, or null when it can. */
export function importSizeProblem(bytes: number): string | null {
  if (bytes > MAX_IMPORT_BYTES) {
    return `This text is ${bytes.toLocaleString('en')} bytes; an import is at most 1 MiB (${MAX_IMPORT_BYTES.toLocaleString('en')} bytes). Split it into several imports: upstreams a text leaves out are kept as they are.`;
  }
  return null;
}
