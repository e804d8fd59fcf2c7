import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { invalidKeyBody, presentedKey } from './fake-credentials.ts';
import { FakeRateLimit, type FakeRateLimitOptions } from './fake-rate-limit.ts';

export type { FakeRateLimitOptions, RateLimitStyle } from './fake-rate-limit.ts';

// A real HTTP server on loopback that answers like an OpenAI-style API. The demo runs two of
// them; tests start them on port 0 and tell them how to misbehave. Like a real AI service it
// can check an API key (401) and keep a rate-limit budget it reports in headers (429 when empty).

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
  /** 429s answered because the rate-limit budget was empty. */
  readonly rateLimited: number;
  /** 401s answered because the request's key was wrong or missing. */
  readonly unauthorized: number;
  setMode(mode: BackendMode): void;
  /** Accept only this key from now on (a revoked key, a rotated one); null accepts any request. */
  setApiKey(key: string | null): void;
  /** A new budget, full from the next request (null: no limits, no headers). */
  setRateLimit(options: FakeRateLimitOptions | null): void;
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
  /**
   * Accept only requests carrying this key (`authorization: Bearer <key>` or `x-api-key`): others
   * get a 401 with OpenAI's error body. Every path but `/health` checks it (so `/v1/models` is an
   * authenticated probe path, as on the real services).
   */
  apiKey?: string;
  /**
   * A rate-limit budget reported on every answer of the API (not `/health`, not `/v1/models`);
   * an empty one answers 429 with `retry-after`.
   */
  rateLimit?: FakeRateLimitOptions;
  /** Epoch ms for the rate-limit windows (tests drive it); Date.now by default. */
  clock?: () => number;
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
  apiKey: string | null;
  rateLimit: FakeRateLimit | null;
  rateLimited: number;
  unauthorized: number;
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

/**
 * What a real service refuses before any work: a wrong key (401), then an empty budget (429).
 * An allowed request carries its budget's headers on whatever answer follows. True when refused.
 */
function refuse(state: BackendState, name: string, path: string, req: IncomingMessage, res: ServerResponse): boolean {
  if (state.apiKey !== null) {
    const presented = presentedKey(req);
    if (presented !== state.apiKey) {
      state.unauthorized++;
      json(res, 401, invalidKeyBody(presented), { 'x-backend': name });
      return true;
    }
  }
  if (state.rateLimit === null || path === '/v1/models') return false;
  const verdict = state.rateLimit.take();
  if (!verdict.allowed) {
    state.rateLimited++;
    json(res, 429, verdict.body, { ...verdict.headers, 'x-backend': name });
    return true;
  }
  for (const [header, value] of Object.entries(verdict.headers)) res.setHeader(header, value);
  return false;
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
    apiKey: options.apiKey ?? null,
    rateLimit: null,
    rateLimited: 0,
    unauthorized: 0,
  };
  const now = options.clock ?? Date.now;
  if (options.rateLimit) state.rateLimit = new FakeRateLimit(options.rateLimit, now);
  const handler = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (path === '/health') {
      answerProbe(state, options.name, req, res);
      return;
    }
    state.served++;
    if (refuse(state, options.name, path, req, res)) return;
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
    get rateLimited() {
      return state.rateLimited;
    },
    get unauthorized() {
      return state.unauthorized;
    },
    setMode(next) {
      state.mode = next;
    },
    setApiKey(key) {
      state.apiKey = key;
    },
    setRateLimit(next) {
      state.rateLimit = next ? new FakeRateLimit(next, now) : null;
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
