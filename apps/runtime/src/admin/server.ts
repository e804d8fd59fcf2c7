import { createServer, type Server, type ServerResponse } from 'node:http';
import { createHTTPHandler } from '@trpc/server/adapters/standalone';
import { bearerChecker } from './auth.ts';
import type { AdminContext } from './context.ts';
import { loggableError } from './loggable-error.ts';
import { appRouter } from './router.ts';
import { CONTENT_TYPE as METRICS_CONTENT_TYPE } from '../metrics/exposition.ts';

export interface AdminServerOptions {
  token: string;
  context: Omit<AdminContext, 'authenticated'>;
  /** Ready = config loaded, data plane listening, not shutting down. */
  isReady: () => boolean;
  onError: (error: unknown) => void;
  /** Prometheus text for /metrics (bearer token required, like tRPC). */
  metrics: () => string;
}

/**
 * The largest request body tRPC reads: a 1 MiB config import, JSON-escaped, with room to spare.
 * Without a limit the adapter would buffer whatever a token holder sends.
 */
const MAX_BODY_BYTES = 8 * 1_048_576;

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/**
 * What `/readyz` says besides its status code: the node, the config version it serves, and the
 * database as it last saw it, with the detail during an outage. A node that cannot reach the
 * database stays ready (200): it serves its last good config, only admin writes are refused.
 */
function readinessBody(options: AdminServerOptions, ready: boolean) {
  const { node, configVersion, database } = options.context.nodes.status();
  const status = ready ? 'ready' : 'not ready';
  const detail = database.status === 'unreachable' ? { detail: database.detail } : {};
  return { status, node, configVersion, database: database.status, ...detail };
}

/**
 * The admin listener: tRPC under /trpc and Prometheus text under /metrics (both need the
 * bearer token), and the unauthenticated probes a front load balancer uses: /healthz and /readyz.
 */
export function createAdminServer(options: AdminServerOptions): Server {
  const isAuthorized = bearerChecker(options.token);
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: '/trpc/',
    maxBodySize: MAX_BODY_BYTES,
    createContext: ({ req }) => ({ ...options.context, authenticated: isAuthorized(req) }),
    onError: ({ error }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') options.onError(loggableError(error.cause ?? error));
    },
  });

  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/healthz') return json(res, 200, { status: 'alive' });
    if (path === '/readyz') {
      const ready = options.isReady();
      return json(res, ready ? 200 : 503, readinessBody(options, ready));
    }
    if (path?.startsWith('/trpc/') || path === '/metrics') {
      if (!isAuthorized(req)) {
        return json(
          res,
          401,
          { error: { type: 'unauthorized', message: 'a valid admin token is required (Authorization: Bearer <token>)' } },
          { 'www-authenticate': 'Bearer realm="headwater-admin"' },
        );
      }
      if (path === '/metrics') {
        const text = options.metrics();
        res.writeHead(200, {
          'content-type': METRICS_CONTENT_TYPE,
          'content-length': Buffer.byteLength(text),
          'cache-control': 'no-store',
        });
        return res.end(req.method === 'HEAD' ? undefined : text);
      }
      return trpc(req, res);
    }
    json(res, 404, { error: { type: 'not_found', message: `no admin route ${path}` } });
  });
}
