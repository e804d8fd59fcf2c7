import type { AttemptOutcome } from './outcome.ts';

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
}

/** One JSON line per request. Never headers or bodies: they carry callers' and targets' secrets. */
export type AccessLog = (line: AccessLogLine) => void;

export const stdoutAccessLog: AccessLog = (line) => {
  process.stdout.write(`${JSON.stringify({ t: new Date().toISOString(), msg: 'access', ...line })}\n`);
};

export const silentAccessLog: AccessLog = () => undefined;
