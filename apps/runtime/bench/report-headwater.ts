import { type DelaySummary, formatBound, summarize } from './event-loop-delay.ts';
import type { Options } from './options.ts';
import type { ProbesRun } from './probes.ts';
import { table } from './report.ts';
import type { HeadwaterWatch } from './rounds.ts';
import { decimals, grouped, spread } from './stats.ts';

// The tables only Headwater has: the cost of probing (5), memory (6) and event-loop delay.

export interface MemoryReading {
  readonly idleMiB: number | undefined;
  readonly peakThroughputMiB: number | undefined;
  readonly peakRunMiB: number | undefined;
  readonly afterMiB: number | undefined;
}

/** 1 − with / without, per round. */
export function probingCosts(rounds: readonly ProbesRun[][]): number[] {
  return rounds.map((runs) => {
    const without = runs.find((run) => !run.withProbes)!.result.rps;
    const withProbes = runs.find((run) => run.withProbes)!.result.rps;
    return 1 - withProbes / without;
  });
}

export function probesTable(rounds: readonly ProbesRun[][], options: Options): string {
  const row = (withProbes: boolean, label: string) => {
    const runs = rounds.map((round) => round.find((run) => run.withProbes === withProbes)!);
    return [
      label,
      spread(
        runs.map((run) => run.result.rps),
        grouped,
      ),
      spread(
        runs.map((run) => run.result.p99Us / 1000),
        (value) => decimals(value, 2),
      ),
      spread(
        runs.map((run) => run.probesPerSecond),
        grouped,
      ),
    ];
  };
  const cost = spread(
    probingCosts(rounds).map((value) => value * 100),
    (value) => `${value.toFixed(1)} %`,
  );
  return `### 5. Probing ${grouped(options.probeTargets)} targets every second: Headwater, wrk, 32 connections, ${options.seconds} s × ${options.rounds} rounds

${table(
  ['Headwater', 'req/s', 'p99 ms', 'probes answered / s'],
  [row(false, 'no probed upstream'), row(true, `+ ${grouped(options.probeTargets)} targets probed every 1 s`)],
)}

Throughput cost of the probes: ${cost} (per round: 1 − with ÷ without).`;
}

export function memoryTable(readings: { headwater?: MemoryReading; node?: MemoryReading }, options: Options): string {
  const mib = (value: number | undefined) => (value === undefined ? 'n/a' : `${Math.round(value)} MiB`);
  const row = (label: string, reading: MemoryReading | undefined) =>
    reading ? [label, mib(reading.idleMiB), mib(reading.peakThroughputMiB), mib(reading.peakRunMiB), mib(reading.afterMiB)] : undefined;
  const rows = [row('Headwater', readings.headwater), row('Node limit (bare proxy)', readings.node)].filter((cells) => cells !== undefined);
  return `### 6. Memory: resident set size (VmRSS)

${table(['process', 'idle after start', 'peak under max-throughput load', 'peak over the run (VmHWM)', `${options.afterLoadSeconds} s after the last load`], rows)}`;
}

const SCENARIO_NAMES: Record<string, string> = {
  throughput: '1. maximum throughput',
  latency: '2. concurrency 1',
  rate: '3. fixed rate',
  streams: '4. SSE streams',
  probes: '5. probing (both halves)',
  idle: 'idle (the wait before the last memory reading)',
};

export function delayTable(watches: ReadonlyMap<string, HeadwaterWatch>): string {
  const rows: string[][] = [];
  for (const [scenario, watch] of watches) {
    const summary = watch.delay && summarize(watch.delay);
    if (!summary || !watch.delay) continue;
    const finite = watch.delay.buckets.filter(([le]) => Number.isFinite(le)).at(-1)?.[0];
    rows.push(delayRow(SCENARIO_NAMES[scenario] ?? scenario, summary, finite));
  }
  if (rows.length === 0) {
    return '### Headwater event-loop delay\n\nn/a: Headwater does not export `headwater_event_loop_delay_seconds` on /metrics (yet).';
  }
  return `### Headwater event-loop delay under each load (from /metrics, scraped before and after each run)

${table(['load', 'samples', 'p99', 'largest bucket hit', 'mean'], rows)}`;
}

function delayRow(name: string, summary: DelaySummary, largestFinite: number | undefined): string[] {
  return [
    name,
    grouped(summary.samples),
    formatBound(summary.p99, largestFinite),
    formatBound(summary.max, largestFinite),
    `${decimals(summary.mean * 1000, 3)} ms`,
  ];
}
