import type { Arm } from './arms.ts';
import { type OpenLoopResult, runOpenLoop, runStreams, runWrk, type StreamsResult, type WrkResult } from './load.ts';
import { aloneOnProxyCore, type Bench, interleaved, type PerArm, progress } from './rounds.ts';
import { median } from './stats.ts';
import { listenOverflows } from './system.ts';

// Scenarios 1 to 4: every arm, rounds interleaved. (5, probing, is Headwater's alone: probes.ts.)

export const THROUGHPUT_CONNECTIONS = 32;
const WARMUP_SECONDS = 1;

const wrkLine = (result: WrkResult) =>
  `${Math.round(result.rps)} req/s, p50 ${(result.p50Us / 1000).toFixed(2)} ms, p99 ${(result.p99Us / 1000).toFixed(2)} ms` +
  (result.errors + result.non2xx > 0 ? `, ${result.errors} errors, ${result.non2xx} non-2xx` : '');

async function closedLoop(bench: Bench, arm: Arm, connections: number): Promise<WrkResult> {
  await runWrk(bench.children, bench.wrkScript, arm.port('bench'), connections, WARMUP_SECONDS);
  return runWrk(bench.children, bench.wrkScript, arm.port('bench'), connections, bench.options.seconds);
}

/** 1: wrk, 32 connections, as many requests as the arm can take. */
export function maxThroughput(bench: Bench): Promise<PerArm<WrkResult>> {
  return interleaved(bench, 'throughput', (arm) => closedLoop(bench, arm, THROUGHPUT_CONNECTIONS), wrkLine);
}

/** 2: wrk, one connection: one request at a time, so the latency is the path's own. */
export function concurrencyOne(bench: Bench): Promise<PerArm<WrkResult>> {
  return interleaved(bench, 'latency', (arm) => closedLoop(bench, arm, 1), wrkLine);
}

/**
 * The fixed rate of scenario 3: half of what the Node limit carried in scenario 1, or, when
 * scenario 1 did not run, half of a short measurement of it.
 */
export async function fixedRate(bench: Bench, throughput: PerArm<WrkResult> | undefined): Promise<number> {
  if (bench.options.rate) return bench.options.rate;
  const measured = throughput?.get('node');
  if (measured && measured.length > 0) return Math.round(median(measured.map((result) => result.rps)) / 2);
  const node = bench.setup.arms.find((arm) => arm.key === 'node');
  if (!node) throw new Error('scenario 3 needs the Node limit arm (to set its rate) or --rate');
  progress('rate: measuring the Node limit for the fixed rate (3 s)');
  await aloneOnProxyCore(bench, node);
  const result = await closedLoop({ ...bench, options: { ...bench.options, seconds: 3 } }, node, THROUGHPUT_CONNECTIONS);
  await aloneOnProxyCore(bench, undefined);
  return Math.round(result.rps / 2);
}

/** 3: an open loop at a fixed rate, backends answering after 20 ms. */
export function openLoop(bench: Bench, rate: number): Promise<PerArm<OpenLoopResult>> {
  return interleaved(
    bench,
    'rate',
    (arm) => runOpenLoop(bench.children, bench.here, arm.port('stream'), rate, bench.options.seconds),
    (result) =>
      `p50 ${((result.p50Us ?? 0) / 1000).toFixed(2)} ms, p99 ${((result.p99Us ?? 0) / 1000).toFixed(2)} ms, ` +
      `${result.completed}/${result.intended} answered, generator lag ≤ ${result.maxSendLagMs} ms`,
  );
}

export interface StreamsRun extends StreamsResult {
  /** Connections the kernel dropped because a listen queue was full during the run (machine-wide). */
  readonly listenOverflows: number;
}

/** 4: 1 000 SSE streams opened at once. */
export function streams(bench: Bench): Promise<PerArm<StreamsRun>> {
  return interleaved(
    bench,
    'streams',
    async (arm) => {
      const before = listenOverflows();
      const result = await runStreams(bench.children, bench.here, arm.port('stream'), bench.options.streams);
      const run = { ...result, listenOverflows: listenOverflows() - before };
      await new Promise((resolve) => setTimeout(resolve, 1_000)); // let the 1 000 connections close
      return run;
    },
    (result) =>
      `first chunk p50 ${result.ttfcP50Ms} ms, p99 ${result.ttfcP99Ms} ms, largest gap ${result.largestGapMs} ms, ` +
      `${result.stalls} stalls, ${result.completed}/${result.streams} complete, ${result.listenOverflows} listen overflows`,
  );
}
