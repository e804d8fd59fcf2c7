import type { IncomingHttpHeaders, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { relayResponseHeaders } from './headers.ts';

/** A retryable upstream answer kept in memory so it can still be relayed "as it was" if attempts run out. */
export interface KeptResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  /** The gateway's marks from the attempt that got it (x-headwater-target, fail-open). */
  readonly marks: OutgoingHttpHeaders;
}

/** Relays a kept answer when attempts ran out: the target's status, headers (Retry-After included) and body, with every mark. */
export function relayKept(res: ServerResponse, kept: KeptResponse, attempts: number): void {
  const headers = relayResponseHeaders(kept.headers, kept.marks);
  headers['content-length'] = kept.body.length;
  headers['x-headwater-attempts'] = String(attempts);
  res.writeHead(kept.status, headers);
  res.end(kept.body);
}
