import type { Clock, ErrorCode } from '@headwater/core';
import type { TransportOutcome } from './outcome.ts';

/**
 * How one attempt ended: a response (relayed whole, or kept for a retry), a transport
 * failure, a failure after its headers went to the caller, the proxy's failure, or cut short
 * by the gateway (the caller left, a drain's deadline): the last counts as nothing.
 */
export type AttemptOutcome = 'response' | TransportOutcome | 'error-after-headers' | 'proxy-error' | 'aborted';

export interface AttemptRecord {
  target: string;
  outcome: AttemptOutcome;
  status?: number;
  ms: number;
}

export interface AccessLogLine {
  method: string;
  upstream: string;
  /** The request's path, never its query string (callers put API keys there); '' for a target that is not a path. */
  path: string;
  status: number;
  ms: number;
  attempts: AttemptRecord[];
  /** Set when the gateway itself answered (the JSON `error.type`); absent when a target's response was relayed. */
  error?: ErrorCode;
}

/** The path of a request target as the access log writes it: no query string, and nothing of a target that is not origin-form. */
export function loggedPath(target: string): string {
  if (!target.startsWith('/')) return '';
  const query = target.indexOf('?');
  return query === -1 ? target : target.slice(0, query);
}

/** One JSON line per request. Never headers, bodies or query strings: they carry callers' and targets' secrets. */
export type AccessLog = (line: AccessLogLine) => void;

/** Access log lines on stdout, stamped with the runtime's clock. */
export function stdoutAccessLog(clock: Clock): AccessLog {
  return (line) => {
    process.stdout.write(`${JSON.stringify({ t: new Date(clock.now()).toISOString(), msg: 'access', ...line })}\n`);
  };
}

export const silentAccessLog: AccessLog = () => undefined;
