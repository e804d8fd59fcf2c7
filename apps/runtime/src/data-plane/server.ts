import { once, EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { Forwarder } from './forwarder.ts';

export interface DataPlaneServer {
  readonly server: Server;
  /** Resolves when no request is in progress (streams included). */
  whenIdle(): Promise<void>;
}

/** The data-plane listener. A failure in one request never takes the process down. */
export function createDataPlaneServer(forwarder: Forwarder, onError: (error: unknown) => void): DataPlaneServer {
  let inFlight = 0;
  const idle = new EventEmitter();
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
    inFlight++;
    res.once('close', () => {
      if (--inFlight === 0) idle.emit('idle');
    });
    forwarder.handle(req, res).catch((error: unknown) => {
      onError(error);
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'internal', message: 'internal gateway error' } }));
      } else {
        res.destroy();
      }
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  return {
    server,
    whenIdle: async () => {
      if (inFlight > 0) await once(idle, 'idle');
    },
  };
}
