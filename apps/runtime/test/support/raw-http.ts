import { connect, type Socket } from 'node:net';

// Raw HTTP/1.1 over node:net, for requests no well-behaved client would send (conflicting
// framing, non-origin-form targets, a head sent a byte at a time) and for reading exactly what
// the gateway answered, or that it closed the connection.

export interface RawAnswer {
  /** 0 when the connection closed before a status line came. */
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The connection was closed by the gateway by the time the answer was read. */
  readonly closed: boolean;
  /** Milliseconds from the first byte sent to the answer (or the close). */
  readonly elapsedMs: number;
}

export interface RawConnection {
  readonly socket: Socket;
  /** Resolves with the next complete response, or when the connection closes; rejects after `withinMs`. */
  answer(withinMs?: number): Promise<RawAnswer>;
  /** Resolves once the gateway closed the connection; rejects after `withinMs`. */
  closed(withinMs?: number): Promise<number>;
  write(bytes: string | Buffer): void;
  destroy(): void;
}

/** The payload of a chunked body (as much of it as arrived). */
function dechunk(text: string): string {
  let body = '';
  let at = 0;
  for (;;) {
    const lineEnd = text.indexOf('\r\n', at);
    const size = lineEnd === -1 ? 0 : Number.parseInt(text.slice(at, lineEnd), 16);
    if (!(size > 0)) return body;
    body += text.slice(lineEnd + 2, lineEnd + 2 + size);
    at = lineEnd + 2 + size + 2;
  }
}

function parse(buffer: Buffer, closed: boolean): Omit<RawAnswer, 'elapsedMs' | 'closed'> | null {
  const text = buffer.toString('latin1');
  const headEnd = text.indexOf('\r\n\r\n');
  if (headEnd === -1) return closed ? { status: 0, headers: {}, body: text } : null;
  const [statusLine = '', ...lines] = text.slice(0, headEnd).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  const rest = text.slice(headEnd + 4);
  if (status >= 100 && status < 200) return parse(Buffer.from(rest, 'latin1'), closed);
  const length = headers['content-length'];
  if (length !== undefined) return rest.length >= Number(length) ? { status, headers, body: rest.slice(0, Number(length)) } : null;
  if (headers['transfer-encoding'] === 'chunked')
    return rest.endsWith('0\r\n\r\n') || closed ? { status, headers, body: dechunk(rest) } : null;
  return closed ? { status, headers, body: rest } : null;
}

/** Opens a raw connection to the data plane on loopback. */
export async function openRaw(port: number): Promise<RawConnection> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.on('error', () => undefined); // a reset is an outcome the tests read through `closed`
  let received = Buffer.alloc(0);
  let startedMs = 0;
  let isClosed = false;
  const closedAt = new Promise<number>((resolve) =>
    socket.once('close', () => {
      isClosed = true;
      resolve(performance.now() - startedMs);
    }),
  );
  socket.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
  });
  const bounded = <T>(what: string, promise: Promise<T>, withinMs: number) =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no ${what} within ${withinMs} ms`)), withinMs);
      promise.then(resolve, reject).finally(() => clearTimeout(timer));
    });
  return {
    socket,
    write(bytes) {
      if (startedMs === 0) startedMs = performance.now();
      socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    },
    answer(withinMs = 5_000) {
      const complete = new Promise<RawAnswer>((resolve) => {
        const check = () => {
          const parsed = parse(received, isClosed);
          if (!parsed) return false;
          socket.off('data', onData);
          const answer = { ...parsed, closed: isClosed, elapsedMs: performance.now() - startedMs };
          // The parsed response is taken off, so a keep-alive connection can answer again.
          received = Buffer.alloc(0);
          resolve(answer);
          return true;
        };
        const onData = () => setImmediate(check);
        if (!check()) {
          socket.on('data', onData);
          void closedAt.then(check);
        }
      });
      return bounded('answer', complete, withinMs);
    },
    closed: (withinMs = 5_000) => bounded('close', closedAt, withinMs),
    destroy: () => socket.destroy(),
  };
}

/** Sends one raw request on a fresh connection and reads the answer. */
export async function sendRaw(port: number, request: string | Buffer, withinMs?: number): Promise<RawAnswer> {
  const connection = await openRaw(port);
  try {
    connection.write(request);
    return await connection.answer(withinMs);
  } finally {
    connection.destroy();
  }
}
