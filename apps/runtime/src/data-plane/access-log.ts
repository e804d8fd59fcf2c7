import type { Clock, ErrorCode } from '@headwater/core';
import { batchedStdout } from './batched-stdout.ts';
import type { TransportOutcome } from './outcome.ts';

/**
 * How one attempt ended: a response (relayed whole, or kept for a retry), a transport
 * failure, a failure after its headers went to the caller, the proxy's failure, the target
 * refusing its own injected credentials (its config's failure: never relayed, counted as
 * neither success nor failure), or cut short by the gateway (the caller left, a drain's
 * deadline): the last counts as nothing.
 */
export type AttemptOutcome = 'response' | TransportOutcome | 'error-after-headers' | 'proxy-error' | 'credentials-rejected' | 'aborted';

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

// The access log line written by hand, in JSON.stringify's own output for the same object
// (same keys, same order, absent fields left out), because JSON.stringify of a spread object
// was a tenth of the data plane's CPU. Most values need no escaping; the ones that do (a
// caller's path, an unknown upstream's name) fall back to JSON.stringify.

/** Whether JSON.stringify would escape something: a quote, a backslash, a control character, a lone surrogate. */
function needsEscape(value: string): boolean {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return true;
  }
  return false;
}

const str = (value: string) => (needsEscape(value) ? JSON.stringify(value) : `"${value}"`);
const num = (value: number) => (Number.isFinite(value) ? String(value) : 'null');

function attemptJson(attempt: AttemptRecord): string {
  const status = attempt.status === undefined ? '' : `,"status":${num(attempt.status)}`;
  return `{"target":${str(attempt.target)},"outcome":"${attempt.outcome}"${status},"ms":${num(attempt.ms)}}`;
}

/** One access log line, newline included: `{"t","msg":"access",method,upstream,path,status,ms,attempts,error?}`. */
export function formatAccessLine(isoTime: string, line: AccessLogLine): string {
  let attempts = '';
  for (let index = 0; index < line.attempts.length; index++) {
    attempts += index === 0 ? attemptJson(line.attempts[index]!) : `,${attemptJson(line.attempts[index]!)}`;
  }
  const error = line.error === undefined ? '' : `,"error":"${line.error}"`;
  return (
    `{"t":"${isoTime}","msg":"access","method":${str(line.method)},"upstream":${str(line.upstream)},"path":${str(line.path)},` +
    `"status":${num(line.status)},"ms":${num(line.ms)},"attempts":[${attempts}]${error}}\n`
  );
}

/** Epoch ms as ISO 8601, remembered for the last millisecond: requests ending together share their stamp. */
export function isoStamper(): (epochMs: number) => string {
  let lastMs = Number.NaN;
  let lastIso = '';
  return (epochMs) => {
    if (epochMs !== lastMs) {
      lastMs = epochMs;
      lastIso = new Date(epochMs).toISOString();
    }
    return lastIso;
  };
}

/**
 * Access log lines on stdout, stamped with the runtime's clock. Built field by field (not
 * JSON.stringify of a spread object) and written in batches, one write per turn of the event
 * loop: a write per request was the data plane's largest cost after the sockets themselves.
 */
export function stdoutAccessLog(clock: Clock): AccessLog {
  const stamp = isoStamper();
  return (line) => batchedStdout.add(formatAccessLine(stamp(clock.now()), line));
}

export const silentAccessLog: AccessLog = () => undefined;
