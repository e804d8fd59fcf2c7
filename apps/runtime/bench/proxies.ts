import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Children, firstMessage } from './children.ts';
import { COMPLETION_BODY } from './payloads.ts';
import { freePorts, which } from './system.ts';
import { waitForHttp } from './wait.ts';

// The reference proxies, each configured as a fair peer of one Headwater process: one nginx
// worker / one HAProxy thread, keep-alive to the backends, no access log, no buffering of
// streamed answers. Every proxy routes Host `bench` to the three fast backends and Host
// `stream` to the three Node backends (the 20 ms and SSE scenarios), round-robin.

export interface BackendGroups {
  /** Backends of the throughput scenarios (`Host: bench`). */
  readonly bench: readonly number[];
  /** Node backends of the fixed-rate and streaming scenarios (`Host: stream`). */
  readonly stream: readonly number[];
}

export interface Started {
  readonly port: number;
  readonly process: ChildProcess;
}

const servers = (ports: readonly number[], indent: string, format: (port: number, index: number) => string) =>
  ports.map((port, index) => `${indent}${format(port, index)}`).join('\n');

/** Starts a config-file proxy on a free port; retries on other ports if one was taken meanwhile. */
async function startOnFreePort(dir: string, start: (port: number) => ChildProcess, children: Children): Promise<Started> {
  for (let attempt = 1; ; attempt++) {
    const [port] = await freePorts(1);
    const process = start(port!);
    try {
      await waitForHttp(port!, process, 10_000);
      return { port: port!, process };
    } catch (error) {
      await children.stop(process);
      if (attempt === 3) throw new Error(`could not start a proxy (see ${dir}): ${(error as Error).message}`);
    }
  }
}

function nginxConfig(dir: string, body: string): string {
  return `worker_processes 1;
worker_rlimit_nofile 20000;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 10000; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  keepalive_requests 100000000;
  keepalive_timeout 300s;
${body}
}
`;
}

/** nginx serving the 1 KB completion itself on three ports: a backend fast enough to share the load's core with wrk. */
export async function startNginxBackends(children: Children, dir: string): Promise<number[]> {
  const home = join(dir, 'nginx-backends');
  mkdirSync(home, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const ports = await freePorts(3);
    const body = `  default_type application/json;
  server {
${servers(ports, '    ', (port) => `listen 127.0.0.1:${port} backlog=4096;`)}
    location / { return 200 '${COMPLETION_BODY}'; }
  }`;
    writeFileSync(join(home, 'nginx.conf'), nginxConfig(home, body));
    const process = children.start(which('nginx')!, ['-c', join(home, 'nginx.conf'), '-p', home, '-e', join(home, 'error.log')], {
      core: 'load',
    });
    try {
      await Promise.all(ports.map((port) => waitForHttp(port, process, 10_000)));
      return ports;
    } catch (error) {
      await children.stop(process);
      if (attempt === 3) throw error;
    }
  }
}

export function startNginxProxy(children: Children, dir: string, groups: BackendGroups): Promise<Started> {
  const home = join(dir, 'nginx-proxy');
  mkdirSync(home, { recursive: true });
  const upstream = (name: string, ports: readonly number[]) =>
    `  upstream ${name} {\n${servers(ports, '    ', (port) => `server 127.0.0.1:${port};`)}\n    keepalive 1024;\n  }`;
  const server = (name: string, listen: string) => `  server {
    ${listen}
    server_name ${name};
    location / {
      proxy_pass http://${name};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }`;
  return startOnFreePort(
    home,
    (port) => {
      const body = [
        upstream('bench', groups.bench),
        upstream('stream', groups.stream),
        server('bench', `listen 127.0.0.1:${port} default_server;`),
        server('stream', `listen 127.0.0.1:${port};`),
      ].join('\n');
      writeFileSync(join(home, 'nginx.conf'), nginxConfig(home, body));
      return children.start(which('nginx')!, ['-c', join(home, 'nginx.conf'), '-p', home, '-e', join(home, 'error.log')], {
        core: 'proxy',
      });
    },
    children,
  );
}

export function startHaproxy(children: Children, dir: string, groups: BackendGroups): Promise<Started> {
  const backend = (name: string, ports: readonly number[]) =>
    `backend ${name}\n  balance roundrobin\n${servers(ports, '  ', (port, index) => `server ${name}${index + 1} 127.0.0.1:${port}`)}`;
  return startOnFreePort(
    dir,
    (port) => {
      const config = `global
  nbthread 1
  maxconn 8000
defaults
  mode http
  maxconn 8000
  timeout connect 5s
  timeout client 300s
  timeout server 300s
  timeout http-keep-alive 300s
  option http-keep-alive
  option http-no-delay
  http-reuse always
frontend bench
  bind 127.0.0.1:${port}
  use_backend stream if { hdr(host) -i stream }
  default_backend bench
${backend('bench', groups.bench)}
${backend('stream', groups.stream)}
`;
      writeFileSync(join(dir, 'haproxy.cfg'), config);
      return children.start(which('haproxy')!, ['-db', '-f', join(dir, 'haproxy.cfg')], { core: 'proxy' });
    },
    children,
  );
}

/** The bare Node proxy ("the Node limit"), node-limit-proxy.mjs under plain `node`. */
export async function startNodeLimit(children: Children, here: string, groups: BackendGroups): Promise<Started> {
  const origins = (ports: readonly number[]) => ports.map((port) => `http://127.0.0.1:${port}`);
  const settings = { groups: { bench: origins(groups.bench), stream: origins(groups.stream) } };
  const process = children.start(globalThis.process.execPath, [join(here, 'node-limit-proxy.mjs'), JSON.stringify(settings)], {
    core: 'proxy',
    ipc: true,
  });
  const { port } = await firstMessage<{ port: number }>(process, 'the Node limit proxy');
  return { port, process };
}
