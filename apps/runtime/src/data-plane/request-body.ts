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

  // Event listeners rather than `for await`: no async iterator per request on the hot path.
  return new Promise<RequestBody>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size <= limitBytes) return;
      // Outgrew the retry buffer: stream on from here, with nothing read twice or lost.
      req.off('data', onData).off('end', onEnd).off('error', reject);
      req.pause();
      resolve({
        kind: 'streamed',
        stream: Readable.from(
          (async function* () {
            yield* chunks;
            yield* req;
          })(),
          { objectMode: false },
        ),
      });
    };
    const onEnd = () => resolve({ kind: 'buffered', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    req.on('data', onData).once('end', onEnd).once('error', reject);
  });
}
