import type { ErrorCode } from '@headwater/core';
import type { TransportOutcome } from './outcome.ts';

/** How one attempt ended: a response, a transport failure, the proxy's failure, or the caller leaving. */
export type AttemptOutcome = 'response' | TransportOutcome | 'proxy-error' | 'aborted';

export interface AttemptRecord {
  target: string;
  outcome: AttemptOutcome;
  status?: number;
  ms: number;
}

export interface AccessLogLine {
  method: string;
  upstream: string;
  path: string;
  status: number;
  ms: number;
  attempts: AttemptRecord[];
  /** Set when the gateway itself answered (the JSON `error.type`); absent when a target's response was relayed. */
  error?: ErrorCode;
}

/** One JSON line per request. Never headers or bodies: they carry callers' and targets' secrets. */
export type AccessLog = (line: AccessLogLine) => void;

export const stdoutAccessLog: AccessLog = (line) => {
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), msg: 'access', ...line })}\n`);
};

export const silentAccessLog: AccessLog = () => undefined;
