import { createServer, type IncomingMessage } from 'node:http';
import { connect, isIPv4, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';

// A real HTTP forward proxy on loopback for tests: CONNECT tunnels only (plain absolute-URI
// forwarding is refused with 405, so a test passing through it proves the runtime tunnels),
// optional Basic authentication, and a log of every request it saw. It only ever connects to
// 127.0.0.0/8 so load and fault tests cannot leave the machine.

export interface ForwardProxyLogEntry {
  /** 'CONNECT', or the method of a refused plain request. */
  method: 'CONNECT' | string;
  /** `host:port` asked for (for a refused plain request: its URL). */
  target: string;
  /** What the proxy answered: 200 tunnel open, 403 not loopback, 405 not CONNECT, 407 auth, 502 target unreachable. */
  status: number;
  /** The user of valid credentials. */
  user?: string;
  /** Local port of the proxy's own connection to the target (status 200 only): the remote port the target sees. */
  outboundPort?: number;
}

export interface ForwardProxy {
  readonly port: number;
  readonly url: string;
  readonly log: ForwardProxyLogEntry[];
  /** Tunnels currently open. */
  readonly openTunnels: number;
  /** Stops listening and destroys every open tunnel. */
  close(): Promise<void>;
}

export interface ForwardProxyOptions {
  username?: string;
  password?: string;
  /** Listen on this port (e.g. to bring a proxy back where it was); 0 by default. */
  port?: number;
}

const isLoopback = (host: string): boolean => isIPv4(host) && host.startsWith('127.');

function parseAuthority(authority: string): { host: string; port: number } | null {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(authority);
  if (!match) return null;
  const [, host = '', portText = ''] = match;
  const port = Number(portText);
  if (port < 1 || port > 65_535) return null;
  return { host: host.replace(/^\[|\]$/g, ''), port };
}

/** The user named by valid Basic credentials, '' when none are required, null when refused. */
function authenticate(req: IncomingMessage, options: ForwardProxyOptions): string | null {
  if (options.username === undefined) return '';
  const header = req.headers['proxy-authorization'] ?? '';
  const match = /^Basic\s+(\S+)$/i.exec(header);
  if (!match) return null;
  const decoded = Buffer.from(match[1] ?? '', 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const user = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  return user === options.username && password === (options.password ?? '') ? user : null;
}

function refuse(socket: Duplex, status: number, reason: string, extraHeaders: string[] = []): void {
  const body = `${status} ${reason}\n`;
  socket.end(
    [
      `HTTP/1.1 ${status} ${reason}`,
      ...extraHeaders,
      'Content-Type: text/plain',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}

export async function startForwardProxy(options: ForwardProxyOptions = {}): Promise<ForwardProxy> {
  const log: ForwardProxyLogEntry[] = [];
  const sockets = new Set<Duplex>();
  let openTunnels = 0;
  const track = (socket: Duplex) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };

  const server = createServer((req, res) => {
    log.push({ method: req.method ?? 'GET', target: req.url ?? '', status: 405 });
    res.writeHead(405, { allow: 'CONNECT', 'content-type': 'text/plain', connection: 'close' });
    res.end('this proxy only tunnels (CONNECT)\n');
  });
  server.on('connection', track);

  server.on('connect', (req: IncomingMessage, client: Duplex, head: Buffer) => {
    track(client);
    client.on('error', () => client.destroy());
    const authority = req.url ?? '';
    const user = authenticate(req, options);
    if (user === null) {
      log.push({ method: 'CONNECT', target: authority, status: 407 });
      refuse(client, 407, 'Proxy Authentication Required', ['Proxy-Authenticate: Basic realm="headwater-test-proxy"']);
      return;
    }
    const entry: ForwardProxyLogEntry = { method: 'CONNECT', target: authority, status: 0, ...(user ? { user } : {}) };
    log.push(entry);
    const destination = parseAuthority(authority);
    if (!destination || !isLoopback(destination.host)) {
      entry.status = destination ? 403 : 400;
      refuse(client, entry.status, destination ? 'Forbidden' : 'Bad Request');
      return;
    }
    const upstream: Socket = connect({ host: destination.host, port: destination.port });
    track(upstream);
    let established = false;
    upstream.once('connect', () => {
      established = true;
      openTunnels++;
      upstream.once('close', () => openTunnels--);
      entry.status = 200;
      entry.outboundPort = upstream.localPort;
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    upstream.on('error', () => {
      if (!established) {
        entry.status = 502;
        refuse(client, 502, 'Bad Gateway');
      } else client.destroy();
    });
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    log,
    get openTunnels() {
      return openTunnels;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}
