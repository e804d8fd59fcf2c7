import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { relayResponseHeaders } from './headers.ts';

/** A retryable upstream answer kept in memory so it can still be relayed "as it was" if attempts run out. */
export interface KeptResponse {
  readonly status: number;
  readonly headers: Dispatcher.ResponseData['headers'];
  readonly body: Buffer;
  readonly targetId: string;
}

/** Error answers that we keep for a possible relay are small; a larger one is relayed instead of retried. */
export const KEPT_RESPONSE_LIMIT = 1_048_576;

/** Reads a response body if it fits in `limit` bytes; null (body left unconsumed) otherwise. */
export async function keepBody(response: Dispatcher.ResponseData, limit: number): Promise<Buffer | null> {
  const declared = Number(response.headers['content-length'] ?? NaN);
  if (declared > limit) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error('kept response outgrew its limit');
  }
  return Buffer.concat(chunks, size);
}

export interface RelayMarks {
  readonly targetId: string;
  readonly attempts: number;
  readonly failOpen: boolean;
}

function writeHead(res: ServerResponse, status: number, headers: Dispatcher.ResponseData['headers'], marks: RelayMarks): void {
  res.writeHead(status, {
    ...relayResponseHeaders(headers),
    'x-headwater-target': marks.targetId,
    'x-headwater-attempts': String(marks.attempts),
    ...(marks.failOpen ? { 'x-headwater-fail-open': '1' } : {}),
  });
}

/**
 * Streams a response to the caller chunk by chunk; resolves true when every byte went out.
 * A plain pipe, not stream.pipeline: pipeline builds an AbortController (and a DOMException
 * when it finishes) per call, a measurable cost on this path.
 */
export function relayStream(res: ServerResponse, response: Dispatcher.ResponseData, marks: RelayMarks): Promise<boolean> {
  writeHead(res, response.statusCode, response.headers, marks);
  // Streams (no declared length) get their headers now, not with the first event.
  if (response.headers['content-length'] === undefined) res.flushHeaders();
  const body = response.body as Readable;
  return new Promise<boolean>((resolve) => {
    let settled = false;
    const settle = (complete: boolean) => {
      if (settled) return;
      settled = true;
      if (!complete) {
        body.destroy();
        if (!res.destroyed) res.destroy();
      }
      resolve(complete);
    };
    body.once('error', () => settle(false));
    res.once('finish', () => settle(true));
    res.once('close', () => settle(res.writableFinished));
    body.pipe(res);
  });
}

export function relayKept(res: ServerResponse, kept: KeptResponse, marks: RelayMarks): void {
  writeHead(res, kept.status, { ...kept.headers, 'content-length': String(kept.body.length) }, marks);
  res.end(kept.body);
}
