import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

/** A caller's body, ready for one or more attempts. */
export type RequestBody =
  | { readonly kind: 'none' }
  /** Small enough to keep: every attempt sends the same bytes, so the request can be retried. */
  | { readonly kind: 'buffered'; readonly bytes: Buffer }
  /** Larger than the retry buffer: streamed once, so the request is not retried. */
  | { readonly kind: 'streamed'; readonly stream: Readable };

const bodyless = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'DELETE']);

/**
 * Buffers the body up to `limitBytes` (the upstream's retryBufferBytes). A declared length
 * over the limit streams at once; an undeclared one that outgrows the limit streams on from
 * where buffering stopped, with nothing read twice or lost.
 */
export async function readRequestBody(req: IncomingMessage, limitBytes: number): Promise<RequestBody> {
  const declared = req.headers['content-length'];
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (bodyless.has(req.method ?? 'GET') && !declared && !chunked) return { kind: 'none' };
  if (declared === '0') return { kind: 'buffered', bytes: Buffer.alloc(0) };
  if (declared !== undefined && Number(declared) > limitBytes) return { kind: 'streamed', stream: req };

  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    chunks.push(buffer);
    size += buffer.length;
    if (size > limitBytes) {
      const rest = req;
      return {
        kind: 'streamed',
        stream: Readable.from(
          (async function* () {
            yield* chunks;
            yield* rest;
          })(),
          { objectMode: false },
        ),
      };
    }
  }
  return { kind: 'buffered', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) };
}
