import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The reference proxies, configured as a fair peer of one Headwater process: one worker,
// keep-alive to the backend, no access log.

export interface Reference {
  readonly name: string;
  readonly port: number;
  readonly process: ChildProcess;
}

export function startNginx(dir: string, port: number, backendPort: number): Reference | string {
  if (!existsSync('/usr/sbin/nginx')) return 'nginx not installed (apt-get install -y nginx)';
  const conf = join(dir, 'nginx.conf');
  writeFileSync(
    conf,
    `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/nginx-body;
  proxy_temp_path ${dir}/nginx-proxy;
  upstream backend { server 127.0.0.1:${backendPort}; keepalive 128; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
`,
  );
  return { name: 'nginx 1 worker', port, process: spawn('/usr/sbin/nginx', ['-c', conf, '-p', dir], { stdio: 'ignore' }) };
}

export function startHaproxy(dir: string, port: number, backendPort: number): Reference | string {
  if (!existsSync('/usr/sbin/haproxy')) return 'haproxy not installed (apt-get install -y haproxy)';
  const conf = join(dir, 'haproxy.cfg');
  writeFileSync(
    conf,
    `
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  option http-keep-alive
  http-reuse always
frontend bench
  bind 127.0.0.1:${port}
  default_backend backend
backend backend
  server b1 127.0.0.1:${backendPort}
`,
  );
  return { name: 'haproxy 1 thread', port, process: spawn('/usr/sbin/haproxy', ['-db', '-f', conf], { stdio: 'ignore' }) };
}
