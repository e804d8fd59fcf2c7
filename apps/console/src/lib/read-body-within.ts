// Reads a request body into memory only up to a cap. The route handlers that hold a body
// before passing it on would otherwise take whatever a caller sends, for as long as they
// send it: a declared length over the cap is refused before a byte is read, and a chunked
// body (no Content-Length) is counted as it arrives and refused the moment it passes the cap.

export type BodyRead = { kind: 'read'; body: Uint8Array<ArrayBuffer> } | { kind: 'too-large'; limitBytes: number };

export async function readBodyWithin(request: Request, limitBytes: number): Promise<BodyRead> {
  if (declaredLengthExceeds(request.headers.get('content-length'), limitBytes)) return { kind: 'too-large', limitBytes };
  if (!request.body) return { kind: 'read', body: new Uint8Array() };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let receivedBytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    receivedBytes += value.byteLength;
    if (receivedBytes > limitBytes) {
      // Stop reading, but leave the connection to the server: it still has to carry the 413.
      reader.releaseLock();
      return { kind: 'too-large', limitBytes };
    }
    chunks.push(value);
  }
  return { kind: 'read', body: concat(chunks, receivedBytes) };
}

/** Node's parser has already refused a malformed Content-Length; a missing one means chunked. */
function declaredLengthExceeds(contentLength: string | null, limitBytes: number): boolean {
  if (contentLength === null || !/^\d+$/u.test(contentLength)) return false;
  return Number(contentLength) > limitBytes;
}

function concat(chunks: readonly Uint8Array[], totalBytes: number): Uint8Array<ArrayBuffer> {
  const body = new Uint8Array(totalBytes);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}
