import { describe, expect, it } from 'vitest';
import { readBodyWithin } from '@/lib/read-body-within';

const LIMIT_BYTES = 1_000;

/** A body that sends `chunkBytes` at a time, `chunkCount` times (forever without it), counting what was pulled. */
function streamedBody(chunkBytes: number, chunkCount = Number.POSITIVE_INFINITY) {
  const pulled = { chunks: 0, bytes: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (pulled.chunks === chunkCount) return controller.close();
      pulled.chunks += 1;
      pulled.bytes += chunkBytes;
      controller.enqueue(new Uint8Array(chunkBytes).fill(0x61));
    },
  });
  return { stream, pulled };
}

const post = (body: BodyInit | null, headers: Record<string, string> = {}) =>
  new Request('http://console.test/api/trpc/config.import', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('readBodyWithin', () => {
  it('reads a body up to the cap whole, byte for byte', async () => {
    const text = 'x'.repeat(LIMIT_BYTES);
    const read = await readBodyWithin(post(text, { 'content-length': String(LIMIT_BYTES) }), LIMIT_BYTES);
    expect(read.kind).toBe('read');
    expect(read.kind === 'read' && new TextDecoder().decode(read.body)).toBe(text);
  });

  it('reads a chunked body within the cap, however it is split', async () => {
    const { stream } = streamedBody(100, 10);
    const read = await readBodyWithin(post(stream), LIMIT_BYTES);
    expect(read.kind === 'read' && read.body.byteLength).toBe(1_000);
  });

  it('reads a request without a body as empty', async () => {
    const read = await readBodyWithin(post(null), LIMIT_BYTES);
    expect(read.kind === 'read' && read.body.byteLength).toBe(0);
  });

  it('refuses a declared length over the cap without reading a byte', async () => {
    const { stream, pulled } = streamedBody(10);
    const read = await readBodyWithin(post(stream, { 'content-length': String(LIMIT_BYTES + 1) }), LIMIT_BYTES);
    expect(read).toEqual({ kind: 'too-large', limitBytes: LIMIT_BYTES });
    // A stream pulls once ahead of its reader when it is made; nothing was read past that.
    expect(pulled.chunks).toBeLessThanOrEqual(1);
  });

  it('stops a chunked body that never ends as soon as it passes the cap', async () => {
    const { stream, pulled } = streamedBody(300);
    const read = await readBodyWithin(post(stream), LIMIT_BYTES);
    expect(read).toEqual({ kind: 'too-large', limitBytes: LIMIT_BYTES });
    // Four chunks make 1 200 bytes, the first past the cap; the stream may have pulled one more ahead.
    expect(pulled.bytes).toBeLessThanOrEqual(1_500);
  });

  it('does not trust a declared length that is smaller than what arrives', async () => {
    const { stream } = streamedBody(600, 3);
    const read = await readBodyWithin(post(stream, { 'content-length': '10' }), LIMIT_BYTES);
    expect(read.kind).toBe('too-large');
  });
});
