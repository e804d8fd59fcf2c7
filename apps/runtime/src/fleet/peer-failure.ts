// What an operator reads when a peer's admin API could not be used: the reason in a few words,
// never the request's URL (an advertised admin URL may carry credentials or a query) nor the
// admin token, whatever the peer or the network said.

/** A peer call that failed; `message` is safe to show an operator and to log. */
export class PeerFailure extends Error {
  override readonly name = 'PeerFailure';
}

/** Longest peer-supplied message passed on. */
const MAX_PEER_MESSAGE = 300;

const transportReasons: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  UND_ERR_CONNECT_TIMEOUT: 'connection timed out',
  UND_ERR_SOCKET: 'connection closed',
};

const timeoutCodes = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_ABORTED', 'ABORT_ERR']);

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string') return code;
  return cause === error ? undefined : codeOf(cause);
}

/** A transport failure (no answer to read) in words, by its code only: the text of these errors quotes addresses. */
export function transportFailure(error: unknown, timeoutMs: number, timedOut: boolean): PeerFailure {
  if (error instanceof PeerFailure) return error;
  const code = codeOf(error);
  const name = error instanceof Error ? error.name : '';
  if (timedOut || name === 'TimeoutError' || name === 'AbortError' || (code && timeoutCodes.has(code))) {
    return new PeerFailure(`did not answer within ${timeoutMs / 1000} s`);
  }
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) return new PeerFailure(`TLS failed (${code})`);
  if (code) return new PeerFailure(`${transportReasons[code] ?? 'request failed'} (${code})`);
  return new PeerFailure('request failed');
}

/**
 * A message a peer sent, fit to pass on: the token cut out wherever it appears, each URL kept
 * to its scheme and host (no credentials, path, query or fragment), control characters
 * flattened, and the length capped.
 */
export function peerMessage(text: string, token: string): string {
  const withoutToken = token ? text.split(token).join('[token]') : text;
  const withoutUrls = withoutToken.replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]*/gi, (url) => {
    try {
      const { protocol, host } = new URL(url);
      return `${protocol}//${host}`;
    } catch {
      return '[url]';
    }
  });
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is being removed
  const flat = withoutUrls.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > MAX_PEER_MESSAGE ? `${flat.slice(0, MAX_PEER_MESSAGE - 1)}…` : flat;
}

/** What a non-200 answer says: the tRPC error's code and message when it is one, else the HTTP status. */
export function answerFailure(status: number, body: unknown, token: string): PeerFailure {
  if (status === 401)
    return new PeerFailure("refused this node's admin token (401): every node of a fleet needs the same HEADWATER_ADMIN_TOKEN");
  const error = (body as { error?: { message?: unknown; data?: { code?: unknown } } } | undefined)?.error;
  if (typeof error?.message === 'string') {
    const code = typeof error.data?.code === 'string' ? `${error.data.code}: ` : '';
    return new PeerFailure(`answered ${status} ${code}${peerMessage(error.message, token)}`);
  }
  return new PeerFailure(`answered HTTP ${status}`);
}
