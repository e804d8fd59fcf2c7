import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

// A target on loopback that fails the way real ones do, on the test's command: it crashes in
// the middle of a stream (the whole listener gone, as when its process dies), resets, accepts
// and never answers, answers bytes that are not HTTP, or announces more body than it sends. It
// can be brought back on the same port, and it records every request it saw, whole or cut off.

export type FaultMode =
  | 'ok' // 200 JSON echoing the request body
  | 'slow-reader' // leaves the body unread for SLOW_READ_MS (a target busy elsewhere), then answers as 'ok'
  | 'streaming' // stream headers and one event, then keep the stream open (a long completion)
  | 'crash-mid-stream' // stream headers and one event, then the listener and every connection die
  | 'reset' // the connection destroyed before any answer
  | 'hang' // the request read, never answered
  | 'malformed' // bytes that are not an HTTP response, then the connection closed
  | 'truncated'; // 200 with Content-Length 100, 50 bytes sent, then the connection closed

export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  /** The body as received, once the request ended. */
  body: string | null;
  /** The gateway cut the request off before it ended (its body never arrived whole). */
  aborted: boolean;
}

export interface FaultTarget {
  readonly port: number;
  readonly requests: SeenRequest[];
  /** Requests answered 200 in mode 'ok'. */
  readonly served: number;
  readonly listening: boolean;
  setMode(mode: FaultMode): void;
  /** Listens again on the same port after a crash. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const HALF = 'x'.repeat(50);
export const SLOW_READ_MS = 1_500;

export async function startFaultTarget(): Promise<FaultTarget> {
  let mode: FaultMode = 'ok';
  let served = 0;
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  let server = createServer();

  const crash = () => {
    server.close();
    for (const socket of sockets) socket.destroy();
  };
  const answer = (req: IncomingMessage, res: ServerResponse, seen: SeenRequest) => {
    switch (mode) {
      case 'ok':
      case 'slow-reader':
        served++;
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ path: seen.path, body: seen.body }));
        return;
      case 'streaming':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"partial":true}\n\n');
        return;
      case 'crash-mid-stream':
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.write('data: {"partial":true}\n\n', () => setTimeout(crash, 20));
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'hang':
        return;
      case 'malformed':
        req.socket.end('HELLO THERE\r\nthis is not http\r\n\r\n');
        return;
      case 'truncated':
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 100 });
        res.write(HALF, () => setTimeout(() => req.socket.destroy(), 20));
        return;
    }
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const seen: SeenRequest = { method: req.method ?? '', path: req.url ?? '', body: null, aborted: false };
    requests.push(seen);
    let body = '';
    if (mode === 'slow-reader') {
      req.pause(); // a paused stream stays paused when the 'data' listener below is added
      setTimeout(() => req.resume(), SLOW_READ_MS);
    }
    req.setEncoding('latin1');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      seen.body = body.length > 1_000 ? `${body.length} bytes` : body;
      answer(req, res, seen);
    });
    req.on('close', () => {
      if (!req.complete) seen.aborted = true;
    });
  };
  const listen = async (port: number) => {
    server = createServer(onRequest);
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    return (server.address() as AddressInfo).port;
  };
  const port = await listen(0);
  return {
    port,
    requests,
    get served() {
      return served;
    },
    get listening() {
      return server.listening;
    },
    setMode(next) {
      mode = next;
    },
    async restart() {
      mode = 'ok';
      await listen(port);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        if (!server.listening) resolve();
        else server.close(() => resolve());
      }),
  };
}
