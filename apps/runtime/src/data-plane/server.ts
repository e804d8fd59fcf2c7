import { createServer, type Server } from 'node:http';
import type { Forwarder } from './forwarder.ts';

/** The data-plane listener. A failure in one request never takes the process down. */
export function createDataPlaneServer(forwarder: Forwarder, onError: (error: unknown) => void): Server {
  const server = createServer({ keepAliveTimeout: 65_000, requestTimeout: 0 }, (req, res) => {
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
  return server;
}
