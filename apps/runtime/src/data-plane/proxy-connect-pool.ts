import { Pool, type Dispatcher } from 'undici';

/**
 * The CONNECT leg to the forward proxy failed before the proxy answered. Its `code` is
 * deliberately not undici's `UND_ERR_SOCKET`: undici 7's Client keeps its queued requests and
 * reconnects at once after a connector error with that code, so a proxy that drops CONNECTs
 * would be redialled in a tight loop (thousands of connections a second) while the caller
 * waits forever.
 *
 * `blame` says whose failure it is: the proxy's when it could not be reached or hung up; the
 * target's when the proxy took the CONNECT but did not answer within connectMs (it is most
 * likely still trying to reach a target that does not answer, as the tcp probe also reads it).
 */
export class ProxyTunnelError extends Error {
  readonly code = 'HW_PROXY_TUNNEL';
  constructor(
    /** What an operator reads, e.g. "proxy unreachable (ECONNREFUSED)". */
    readonly detail: string,
    readonly blame: 'proxy' | 'target',
    options: { cause: unknown },
  ) {
    super(detail, options);
    this.name = 'ProxyTunnelError';
  }
}

function detailOf(error: unknown, connectMs: number): string {
  const code = (error as { code?: string } | null)?.code ?? '';
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return `proxy did not answer CONNECT within ${connectMs} ms`;
  if (code === 'UND_ERR_SOCKET') return 'proxy closed the connection during CONNECT';
  if (code) return `proxy unreachable (${code})`;
  return `proxy unreachable (${error instanceof Error ? error.message : String(error)})`;
}

/**
 * The pool ProxyAgent sends its CONNECTs through (its `clientFactory`). The proxy's answer to
 * a CONNECT is part of connecting, so it must come within `connectMs` (undici's default would
 * be the 300 s headers timeout), and every failure of this leg becomes a ProxyTunnelError.
 */
export class ProxyConnectPool extends Pool {
  constructor(
    origin: URL,
    options: Pool.Options,
    private readonly connectMs: number,
  ) {
    super(origin, { ...options, headersTimeout: connectMs });
  }

  // ProxyAgent only uses the promise form.
  override connect(options: Dispatcher.ConnectOptions): Promise<Dispatcher.ConnectData>;
  override connect(options: Dispatcher.ConnectOptions, callback: (err: Error | null, data: Dispatcher.ConnectData) => void): void;
  override connect(
    options: Dispatcher.ConnectOptions,
    callback?: (err: Error | null, data: Dispatcher.ConnectData) => void,
  ): Promise<Dispatcher.ConnectData> | undefined {
    const wrap = (error: unknown) => {
      const silent = (error as { code?: string } | null)?.code === 'UND_ERR_HEADERS_TIMEOUT';
      return new ProxyTunnelError(detailOf(error, this.connectMs), silent ? 'target' : 'proxy', { cause: error });
    };
    if (callback) {
      super.connect(options, (err, data) => callback(err ? wrap(err) : null, data));
      return;
    }
    return super.connect(options).catch((error: unknown) => Promise.reject(wrap(error)));
  }
}
