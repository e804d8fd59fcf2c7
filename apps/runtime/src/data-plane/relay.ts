import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
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

/** Streams a response to the caller chunk by chunk; resolves true when every byte went out. */
export async function relayStream(res: ServerResponse, response: Dispatcher.ResponseData, marks: RelayMarks): Promise<boolean> {
  writeHead(res, response.statusCode, response.headers, marks);
  // Streams (no declared length) get their headers now, not with the first event.
  if (response.headers['content-length'] === undefined) res.flushHeaders();
  try {
    await pipeline(response.body as Readable, res);
    return true;
  } catch {
    if (!res.destroyed) res.destroy();
    return false;
  }
}

export function relayKept(res: ServerResponse, kept: KeptResponse, marks: RelayMarks): void {
  writeHead(res, kept.status, { ...kept.headers, 'content-length': String(kept.body.length) }, marks);
  res.end(kept.body);
}
