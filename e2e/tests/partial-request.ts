import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

export interface PartialAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Body bytes this client had written when the answer's head arrived. */
  bytesSentBeforeAnswer: number;
}

/**
 * Sends a request whose body never ends: `chunks` are written one after another and then
 * the request is held open, so an answer proves the server decided without reading a whole
 * body. Without `content-length` in `headers` the body goes chunked. Rejects after
 * `withinMs` when no answer arrives (a server still waiting for the rest).
 */
export async function sendWithoutEnding(
  url: string,
  headers: Record<string, string>,
  chunks: () => Iterable<Buffer>,
  withinMs = 10_000,
): Promise<PartialAnswer> {
  try {
    return await sendOnce(url, headers, chunks(), withinMs);
  } catch (error) {
    // A server that answers and closes while body bytes still arrive leaves unread data in its
    // kernel, which then resets the connection; on a loaded machine the reset can overtake the
    // answer it follows, and this client sees EPIPE or ECONNRESET and no answer. That is TCP,
    // not the server's decision, so the request is made once more; a second reset fails.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EPIPE' && code !== 'ECONNRESET') throw error;
    return sendOnce(url, headers, chunks(), withinMs);
  }
}

function sendOnce(url: string, headers: Record<string, string>, chunks: Iterable<Buffer>, withinMs: number): Promise<PartialAnswer> {
  return new Promise((resolve, reject) => {
    let bytesSent = 0;
    let answered = false;
    const request = httpRequest(url, { method: 'POST', headers, agent: false });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`no answer within ${withinMs} ms after ${bytesSent} body bytes: the server is waiting for the rest of the body`));
    }, withinMs);
    request.on('response', (response) => {
      answered = true;
      const bytesSentBeforeAnswer = bytesSent;
      const parts: Buffer[] = [];
      response.on('data', (part: Buffer) => parts.push(part));
      response.on('end', () => {
        clearTimeout(timer);
        request.destroy();
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: Buffer.concat(parts).toString(),
          bytesSentBeforeAnswer,
        });
      });
    });
    // Once the server has answered and closed, further writes fail: that is the point.
    request.on('error', (error) => {
      if (answered) return;
      clearTimeout(timer);
      reject(error);
    });
    const write = (iterator: Iterator<Buffer>) => {
      for (let next = iterator.next(); !next.done && !answered && !request.destroyed; next = iterator.next()) {
        bytesSent += next.value.length;
        if (!request.write(next.value)) {
          request.once('drain', () => write(iterator));
          return;
        }
      }
    };
    request.flushHeaders();
    write(chunks[Symbol.iterator]());
  });
}

/** `count` chunks of `size` bytes of JSON-ish filler. */
export function* filler(count: number, size = 64 * 1024): Generator<Buffer> {
  const chunk = Buffer.alloc(size, 'a');
  for (let index = 0; index < count; index++) yield chunk;
}
