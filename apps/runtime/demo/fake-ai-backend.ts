import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

// A real HTTP server on loopback that answers like an OpenAI-style API. The demo runs two of
// them; tests start them on port 0 and tell them how to misbehave.

export type BackendMode =
  | { kind: 'ok' }
  | { kind: 'status'; status: number; retryAfter?: string } // e.g. 500, or 429 with Retry-After
  | { kind: 'hang' } // accept, never answer
  | { kind: 'reset' } // destroy the connection without a response
  | { kind: 'alternate'; status: number } // every second request answers `status`, the others succeed
  | { kind: 'break-stream' }; // send stream headers and one event, then drop the connection

export interface FakeBackend {
  readonly name: string;
  readonly port: number;
  readonly url: string;
  /** Requests served since start (health probes excluded). */
  readonly served: number;
  /** SSE chunks written since start. */
  readonly chunksWritten: number;
  /** Health probes answered since start, with the headers of the last one. */
  readonly probes: { count: number; lastHeaders: Record<string, string | string[] | undefined> };
  setMode(mode: BackendMode): void;
  /** Modes for the next requests, one each, before the standing mode applies again. */
  queue(...modes: BackendMode[]): void;
  close(): Promise<void>;
}

export interface FakeBackendOptions {
  name: string;
  port?: number;
  host?: string;
  /** Delay between SSE chunks. */
  chunkDelayMs?: number;
  /** Serve HTTPS with this key and certificate (PEM). */
  tls?: { key: string; cert: string };
}

const readBody = async (req: IncomingMessage): Promise<string> => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return body;
};

function completion(name: string, model: string) {
  return {
    id: `chatcmpl-${name}-${Date.now()}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: `Hello from ${name}.` }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
  };
}

async function streamCompletion(res: ServerResponse, name: string, model: string, chunks: number, delayMs: number, wrote: () => void) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-backend': name });
  res.flushHeaders();
  for (let index = 0; index < chunks && !res.destroyed; index++) {
    const delta = {
      id: `chatcmpl-${name}`,
      object: 'chat.completion.chunk',
      model,
      choices: [{ index: 0, delta: { content: `chunk ${index} ` } }],
    };
    res.write(`data: ${JSON.stringify(delta)}\n\n`);
    wrote();
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  res.end('data: [DONE]\n\n');
}

export async function startFakeBackend(options: FakeBackendOptions): Promise<FakeBackend> {
  let mode: BackendMode = { kind: 'ok' };
  const queued: BackendMode[] = [];
  let served = 0;
  let chunksWritten = 0;
  const probes = { count: 0, lastHeaders: {} as Record<string, string | string[] | undefined> };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/health') {
      probes.count++;
      probes.lastHeaders = req.headers;
      if (mode.kind === 'hang') return;
      if (mode.kind === 'reset') {
        req.socket.destroy();
        return;
      }
      res.writeHead(mode.kind === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: mode.kind === 'ok' ? 'ok' : 'failing', backend: options.name }));
      return;
    }
    served++;
    const current = queued.shift() ?? mode;
    if (current.kind === 'hang') return;
    if (current.kind === 'reset') {
      req.socket.destroy();
      return;
    }
    if (current.kind === 'break-stream') {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-backend': options.name });
      res.write('data: {"partial":true}\n\n', () => setTimeout(() => req.socket.destroy(), 20));
      return;
    }
    const failing = current.kind === 'status' || (current.kind === 'alternate' && served % 2 === 0);
    if (failing) {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-backend': options.name };
      if (current.kind === 'status' && current.retryAfter) headers['retry-after'] = current.retryAfter;
      res.writeHead(current.status, headers);
      res.end(JSON.stringify({ error: { message: `${options.name} answers ${current.status}`, type: 'fake' } }));
      return;
    }
    if (path === '/v1/models') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-backend': options.name });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: options.name }] }));
      return;
    }
    const text = await readBody(req);
    let request: { model?: string; stream?: boolean; chunks?: number } = {};
    try {
      request = text ? JSON.parse(text) : {};
    } catch {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: 'body is not JSON', type: 'invalid_request_error' } }));
      return;
    }
    const model = request.model ?? 'fake-model';
    if (request.stream) {
      await streamCompletion(res, options.name, model, request.chunks ?? 5, options.chunkDelayMs ?? 0, () => chunksWritten++);
      return;
    }
    const body = JSON.stringify({
      ...completion(options.name, model),
      backend: options.name,
      echo: { path, method: req.method, headers: req.headers, body: text },
    });
    res.writeHead(200, { 'content-type': 'application/json', 'x-backend': options.name });
    res.end(body);
  };
  const server: Server = options.tls ? createTlsServer(options.tls, handler) : createServer(handler);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    name: options.name,
    port,
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    get served() {
      return served;
    },
    get chunksWritten() {
      return chunksWritten;
    },
    probes,
    setMode(next) {
      mode = next;
    },
    queue(...modes) {
      queued.push(...modes);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
