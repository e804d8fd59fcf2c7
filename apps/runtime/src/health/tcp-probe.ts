import { connect, type LookupFunction, type Socket } from 'node:net';
import type { ProxySettings } from '@headwater/core';
import { describeConnectionError, type ProbeCancel, type ProbeOutcome } from './probe-outcome.ts';

export interface TcpProbeRequest {
  readonly host: string;
  readonly port: number;
  readonly proxy: ProxySettings | null;
  readonly timeoutMs: number;
  /** Cancelled (shutdown, target removed): the probe reports nothing. */
  readonly cancel: ProbeCancel;
  /** Resolves the target's name (the runtime's TTL-aware DNS cache); the system resolver when absent. */
  readonly lookup?: LookupFunction;
}

const bracketed = (host: string) => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);
const HEAD_LIMIT = 16_384;

/**
 * A TCP probe: a connection to the target that is closed as soon as it opens. Through a
 * forward proxy it is a CONNECT tunnel instead, and only the proxy's answer tells whose the
 * failure is: 200 = the target accepts connections; 502/503/504 = the proxy could not reach
 * the target (the target's failure, as for traffic); not reaching the proxy, any other answer
 * (407, 403...) or the proxy hanging up = the proxy's failure. A tunnel the proxy accepted but
 * did not answer in time is the target's timeout (the proxy is still trying to connect to it).
 */
export function tcpProbe(request: TcpProbeRequest): Promise<ProbeOutcome> {
  return new Promise<ProbeOutcome>((resolve) => {
    const { proxy } = request;
    let socket: Socket | undefined;
    let settled = false;
    let connected = false;
    const finish = (outcome: ProbeOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket?.destroy();
      resolve(outcome);
    };
    const cancel = () => finish({ kind: 'cancelled' });
    const timer = setTimeout(() => {
      if (proxy && !connected) finish({ kind: 'proxy-failure', detail: 'proxy unreachable (connect timeout)' });
      else finish({ kind: 'result', result: { kind: 'timeout' }, viaProxy: proxy !== null });
    }, request.timeoutMs);
    request.cancel.onCancel(cancel);
    if (settled) return;

    if (!proxy) {
      socket = connect({ host: request.host, port: request.port, ...(request.lookup ? { lookup: request.lookup } : {}) });
      socket.once('connect', () => finish({ kind: 'result', result: { kind: 'connected' }, viaProxy: false }));
      socket.once('error', (error) =>
        finish({ kind: 'result', result: { kind: 'tcp-failure', detail: describeConnectionError(error) }, viaProxy: false }),
      );
      return;
    }

    const authority = `${bracketed(request.host)}:${request.port}`;
    socket = connect({ host: proxy.host, port: proxy.port });
    socket.once('connect', () => {
      connected = true;
      const auth =
        proxy.username === undefined
          ? []
          : [`Proxy-Authorization: Basic ${Buffer.from(`${proxy.username}:${proxy.password ?? ''}`).toString('base64')}`];
      socket!.write([`CONNECT ${authority} HTTP/1.1`, `Host: ${authority}`, ...auth, '', ''].join('\r\n'));
    });
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      head += chunk.toString('latin1');
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) {
        if (head.length > HEAD_LIMIT) finish({ kind: 'proxy-failure', detail: 'proxy sent an oversized CONNECT answer' });
        return;
      }
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      if (status === 200) finish({ kind: 'result', result: { kind: 'connected' }, viaProxy: true });
      else if (status === 502 || status === 503 || status === 504) {
        finish({ kind: 'result', result: { kind: 'tcp-failure', detail: `proxy could not reach the target (${status})` }, viaProxy: true });
      } else if (status === 407) finish({ kind: 'proxy-failure', detail: 'proxy authentication failed (407)' });
      else
        finish({ kind: 'proxy-failure', detail: status ? `proxy answered ${status} to CONNECT` : 'proxy sent no HTTP answer to CONNECT' });
    });
    socket.once('error', (error) => {
      const code = (error as { code?: string }).code ?? describeConnectionError(error);
      finish({ kind: 'proxy-failure', detail: connected ? `proxy connection failed (${code})` : `proxy unreachable (${code})` });
    });
    socket.once('close', () => finish({ kind: 'proxy-failure', detail: 'proxy closed the connection before answering CONNECT' }));
  });
}
