import { createServer, type AddressInfo, type Socket } from 'node:net';

// A raw TCP server where a forward proxy should be: it accepts connections and lets the test
// decide what happens to each (hang up, stay silent), counting them, so a test can wait for
// the runtime's next attempt instead of sleeping.

export interface BrokenProxy {
  readonly port: number;
  /** Connections accepted so far. */
  connections(): number;
  /** Stops listening and destroys every connection. */
  close(): Promise<void>;
}

export async function startBrokenProxy(onConnection: (socket: Socket) => void, options: { port?: number } = {}): Promise<BrokenProxy> {
  let connections = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnection(socket);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => connections,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** The `host:port` a CONNECT request head asks for, or '' when the head is something else. */
export function connectTarget(head: Buffer): string {
  return /^CONNECT (\S+) HTTP\/1\.[01]\r\n/.exec(head.toString('latin1'))?.[1] ?? '';
}
