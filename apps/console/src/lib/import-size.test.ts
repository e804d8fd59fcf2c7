import { describe, expect, it } from 'vitest';
import { formatBytes, importSizeProblem, MAX_IMPORT_BYTES, utf8ByteLength } from '@/lib/import-size';

describe('utf8ByteLength', () => {
  it('counts UTF-8 bytes, not characters, as the runtime does', () => {
    expect(utf8ByteLength('abc')).toBe(3);
    expect(utf8ByteLength('•')).toBe(3);
    expect(utf8ByteLength('')).toBe(0);
  });
});

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1_023, '1023 B'],
    [1_024, '1 KiB'],
    [12_595, '12.3 KiB'],
    [1_048_576, '1 MiB'],
    [1_572_864, '1.5 MiB'],
  ])('%d bytes reads "%s"', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});

describe('importSizeProblem', () => {
  it('accepts exactly 1 MiB and refuses one byte more, saying the size, the limit and what to do', () => {
    expect(MAX_IMPORT_BYTES).toBe(1_048_576);
    expect(importSizeProblem(MAX_IMPORT_BYTES)).toBeNull();
    expect(importSizeProblem(MAX_IMPORT_BYTES + 1)).toBe(
      'This text is 1,048,577 bytes; an import is at most 1 MiB (1,048,576 bytes). Split it into several imports: upstreams a text leaves out are kept as they are.',
    );
  });
});
