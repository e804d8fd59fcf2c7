import { connect } from 'node:net';
import type { ProxySettings } from '@headwater/core';
import type { ExchangeResult } from './exchange.ts';

/** A reset, or an answer cut off, that the gateway did not cause: through a tunnel, the proxy may be what went away. */
export function brokeOffInTunnel(result: ExchangeResult): boolean {
  if (result.kind === 'failed') return result.aborted === null && result.failure.kind === 'target' && result.failure.outcome === 'reset';
  return result.kind === 'relayed' && result.aborted === null && !result.complete;
}

/**
 * Asked when an attempt through the forward proxy broke off after its tunnel opened (a reset,
 * a response cut short): that looks the same whether the target or the proxy went away, and
 * only the target's failure may count against the target. Resolves null when the proxy still
 * accepts connections, or why it does not (in the words of the CONNECT leg's failures). Runs
 * only on that failure path, never per request.
 */
export function proxyGone(proxy: Pick<ProxySettings, 'host' | 'port'>, timeoutMs: number): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = connect({ host: proxy.host, port: proxy.port });
    const settle = (detail: string | null) => {
      socket.destroy();
      resolve(detail);
    };
    socket.setTimeout(timeoutMs, () => settle(`proxy did not accept a connection within ${timeoutMs} ms`));
    socket.once('connect', () => settle(null));
    socket.once('error', (error: NodeJS.ErrnoException) => settle(`proxy unreachable (${error.code ?? error.message})`));
  });
}
