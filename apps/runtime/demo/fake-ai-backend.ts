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
  /** Streams whose caller went away before their last chunk (a gateway that died or gave up). */
  readonly cutStreams: number;
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

async function streamCompletion(res: ServerResponse, name: string, model: string, chunks: number, delayMs: number, state: BackendState) {
  res.once('close', () => {
    if (!res.writableFinished) state.cutStreams++;
  });
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
    state.chunksWritten++;
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
  }
  res.end('data: [DONE]\n\n');
}

/** What a fake backend remembers between requests. */
interface BackendState {
  mode: BackendMode;
  readonly queued: BackendMode[];
  served: number;
  chunksWritten: number;
  cutStreams: number;
  readonly probes: FakeBackend['probes'];
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

/** GET /health follows the standing mode (never a queued one): 200 while ok, 503 otherwise, or hang or reset. */
function answerProbe(state: BackendState, name: string, req: IncomingMessage, res: ServerResponse): void {
  state.probes.count++;
  state.probes.lastHeaders = req.headers;
  if (state.mode.kind === 'hang') return;
  if (state.mode.kind === 'reset') {
    req.socket.destroy();
    return;
  }
  const ok = state.mode.kind === 'ok';
  json(res, ok ? 200 : 503, { status: ok ? 'ok' : 'failing', backend: name });
}

/** Misbehaves as `mode` says; false when the request is to be answered normally. */
function misbehave(mode: BackendMode, served: number, name: string, req: IncomingMessage, res: ServerResponse): boolean {
  switch (mode.kind) {
    case 'ok':
      return false;
    case 'hang':
      return true;
    case 'reset':
      req.socket.destroy();
      return true;
    case 'break-stream':
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-backend': name });
      res.write('data: {"partial":true}\n\n', () => setTimeout(() => req.socket.destroy(), 20));
      return true;
    case 'alternate':
      if (served % 2 !== 0) return false;
      json(res, mode.status, { error: { message: `${name} answers ${mode.status}`, type: 'fake' } }, { 'x-backend': name });
      return true;
    case 'status': {
      const headers: Record<string, string> = { 'x-backend': name };
      if (mode.retryAfter) headers['retry-after'] = mode.retryAfter;
      json(res, mode.status, { error: { message: `${name} answers ${mode.status}`, type: 'fake' } }, headers);
      return true;
    }
  }
}

/** The OpenAI-style answers: the model list, and chat completions (streamed when asked), echoing what came in. */
async function answerApi(state: BackendState, options: FakeBackendOptions, path: string, req: IncomingMessage, res: ServerResponse) {
  const { name } = options;
  if (path === '/v1/models') {
    json(res, 200, { object: 'list', data: [{ id: 'fake-model', object: 'model', owned_by: name }] }, { 'x-backend': name });
    return;
  }
  const text = await readBody(req);
  let request: { model?: string; stream?: boolean; chunks?: number } = {};
  try {
    request = text ? JSON.parse(text) : {};
  } catch {
    json(res, 400, { error: { message: 'body is not JSON', type: 'invalid_request_error' } });
    return;
  }
  const model = request.model ?? 'fake-model';
  if (request.stream) {
    await streamCompletion(res, name, model, request.chunks ?? 5, options.chunkDelayMs ?? 0, state);
    return;
  }
  const echo = { path, method: req.method, headers: req.headers, body: text };
  json(res, 200, { ...completion(name, model), backend: name, echo }, { 'x-backend': name });
}

export async function startFakeBackend(options: FakeBackendOptions): Promise<FakeBackend> {
  const state: BackendState = {
    mode: { kind: 'ok' },
    queued: [],
    served: 0,
    chunksWritten: 0,
    cutStreams: 0,
    probes: { count: 0, lastHeaders: {} },
  };
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/health') {
      answerProbe(state, options.name, req, res);
      return;
    }
    state.served++;
    if (misbehave(state.queued.shift() ?? state.mode, state.served, options.name, req, res)) return;
    await answerApi(state, options, path, req, res);
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
      return state.served;
    },
    get chunksWritten() {
      return state.chunksWritten;
    },
    get cutStreams() {
      return state.cutStreams;
    },
    probes: state.probes,
    setMode(next) {
      state.mode = next;
    },
    queue(...modes) {
      state.queued.push(...modes);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
