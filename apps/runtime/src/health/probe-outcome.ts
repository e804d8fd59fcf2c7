import type { ProbeResult } from '@headwater/core';

/**
 * What one probe ended with, as the scheduler applies it: a result for the target's active
 * counters, a failure of the upstream's forward proxy (the proxy's fact, never counted against
 * the target), or nothing at all (the probe was cancelled: shutdown, target removed).
 */
export type ProbeOutcome =
  | { readonly kind: 'result'; readonly result: ProbeResult; readonly viaProxy: boolean }
  | { readonly kind: 'proxy-failure'; readonly detail: string }
  | { readonly kind: 'cancelled' };

/**
 * How the scheduler cancels a probe in flight (shutdown, target removed): one small object per
 * probe, where an AbortController would bring an AbortSignal, an event target and its listeners.
 */
export class ProbeCancel {
  cancelled = false;
  private listener: (() => void) | null = null;

  /** Runs `listener` on cancellation (at once if it already happened); one listener, the probe's. */
  onCancel(listener: () => void): void {
    if (this.cancelled) listener();
    else this.listener = listener;
  }

  cancel(): void {
    if (this.cancelled) return;
    this.cancelled = true;
    const listener = this.listener;
    this.listener = null;
    listener?.();
  }
}

const tlsCode = /^(ERR_TLS_|ERR_SSL_|CERT_|UNABLE_TO_|DEPTH_ZERO_|SELF_SIGNED_|HOSTNAME_MISMATCH|ERR_OSSL_)/;

/** A short, operator-readable reason for a failed connection, e.g. "connection refused". */
export function describeConnectionError(error: unknown): string {
  const code = String((error as { code?: unknown } | null)?.code ?? (error as { cause?: { code?: unknown } } | null)?.cause?.code ?? '');
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return 'connection reset';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') return `DNS failure ${code}`;
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return `unreachable ${code}`;
  if (code === 'UND_ERR_CONNECT_TIMEOUT') return 'connect timeout';
  if (tlsCode.test(code)) return `TLS ${code}`;
  if (code) return code;
  const message = error instanceof Error ? error.message : String(error);
  return message.length > 80 ? `${message.slice(0, 77)}...` : message;
}
