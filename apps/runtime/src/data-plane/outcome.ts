/** How one attempt at a target ended, as the spec's passive checks and retryOn name them. */
export type AttemptOutcome = 'response' | 'connect-error' | 'reset' | 'timeout' | 'aborted';

/** Classifies a transport error from undici or node:net. */
export function classifyTransportError(error: unknown): Exclude<AttemptOutcome, 'response'> {
  const code = (error as { code?: string } | null)?.code ?? '';
  switch (code) {
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'timeout';
    case 'ECONNREFUSED':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
    case 'ECONNABORTED':
      return 'connect-error';
    case 'UND_ERR_ABORTED':
    case 'ABORT_ERR':
      return 'aborted';
    default:
      return 'reset';
  }
}
