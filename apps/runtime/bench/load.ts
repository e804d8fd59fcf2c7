import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Children } from './children.ts';
import { REQUEST_BODY, STREAM_REQUEST_BODY } from './payloads.ts';
import { which } from './system.ts';

// The load generators, all on the load's core: wrk (closed loop, C, cheap enough to leave the
// backends room), and two small Node generators of our own for what wrk cannot do: an open
// loop at a fixed rate (Debian has no wrk2) and 1 000 SSE streams opened at once. Both speak
// raw HTTP/1.1 over sockets (raw-http.mjs): less than half the CPU of undici per request, which is CPU the
// backends on the same core need.

export const CHAT_PATH = '/v1/chat/completions';

export interface WrkResult {
  readonly rps: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly errors: number;
  readonly non2xx: number;
}

/** wrk's Lua script: the POST, and a JSON line of the summary and percentiles at the end. */
export function writeWrkScript(dir: string): string {
  const file = join(dir, 'wrk.lua');
  writeFileSync(
    file,
    `wrk.method = "POST"
wrk.body = '${REQUEST_BODY}'
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Host"] = "bench"
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('BENCH {"requests":%d,"durationUs":%d,"errors":%d,"non2xx":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d}\\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max))
end
`,
  );
  return file;
}

export async function runWrk(children: Children, script: string, port: number, connections: number, seconds: number): Promise<WrkResult> {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', script, `http://127.0.0.1:${port}${CHAT_PATH}`];
  const output = await children.run(which('wrk')!, args, { core: 'load' });
  const line = output.split('\n').find((text) => text.startsWith('BENCH '));
  if (!line) throw new Error(`wrk printed no summary:\n${output}`);
  const summary = JSON.parse(line.slice(6)) as Omit<WrkResult, 'rps'> & { requests: number; durationUs: number };
  return { ...summary, rps: summary.requests / (summary.durationUs / 1e6) };
}

export interface OpenLoopResult {
  readonly intended: number;
  readonly completed: number;
  readonly errors: number;
  readonly non2xx: number;
  readonly p50Us: number | null;
  readonly p99Us: number | null;
  readonly maxUs: number | null;
  readonly maxSendLagMs: number;
}

export async function runOpenLoop(children: Children, here: string, port: number, rate: number, seconds: number): Promise<OpenLoopResult> {
  const settings = {
    port,
    host: 'stream',
    path: CHAT_PATH,
    body: REQUEST_BODY,
    headers: { 'x-bench-delay-ms': '20' },
    rate,
    warmupSeconds: 1,
    seconds,
    connections: 512,
    drainTimeoutMs: 10_000,
  };
  const output = await children.run(process.execPath, [join(here, 'open-loop.mjs'), JSON.stringify(settings)], { core: 'load' });
  return JSON.parse(output.trim().split('\n').at(-1)!) as OpenLoopResult;
}

export interface StreamsResult {
  readonly streams: number;
  readonly completed: number;
  readonly failed: number;
  readonly shortStreams: number;
  readonly stalls: number;
  readonly streamsWithStall: number;
  readonly largestGapMs: number;
  readonly ttfcP50Ms: number | null;
  readonly ttfcP99Ms: number | null;
  readonly ttfcMaxMs: number | null;
  readonly gapP99Ms: number | null;
}

export const STREAM_CHUNKS = 64;
export const CHUNK_INTERVAL_MS = 20;
/** A gap between two events of one stream longer than this is a stall (5 × the spacing). */
export const STALL_MS = 100;

export async function runStreams(children: Children, here: string, port: number, streams: number): Promise<StreamsResult> {
  const settings = {
    port,
    host: 'stream',
    path: CHAT_PATH,
    body: STREAM_REQUEST_BODY,
    streams,
    chunks: STREAM_CHUNKS,
    stallMs: STALL_MS,
    timeoutMs: 30_000,
  };
  const output = await children.run(process.execPath, [join(here, 'sse-client.mjs'), JSON.stringify(settings)], { core: 'load' });
  return JSON.parse(output.trim().split('\n').at(-1)!) as StreamsResult;
}
