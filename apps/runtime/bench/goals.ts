import { summarize } from './event-loop-delay.ts';
import type { OpenLoopResult, WrkResult } from './load.ts';
import type { ArmKey } from './options.ts';
import type { ProbesRun } from './probes.ts';
import { type MemoryReading, probingCosts } from './report-headwater.ts';
import { table } from './report.ts';
import type { HeadwaterWatch, PerArm } from './rounds.ts';
import type { StreamsRun } from './scenarios.ts';
import { decimals, median, paired } from './stats.ts';

// The goals of issue 11, checked against this run's medians.

export interface Results {
  throughput?: PerArm<WrkResult>;
  latency?: PerArm<WrkResult>;
  rate?: { rate: number; perArm: PerArm<OpenLoopResult> };
  streams?: PerArm<StreamsRun>;
  probes?: ProbesRun[][];
  memory?: { headwater?: MemoryReading; node?: MemoryReading };
  watches: ReadonlyMap<string, HeadwaterWatch>;
}

interface Goal {
  readonly goal: string;
  readonly measured: number | undefined;
  readonly limit: number;
  readonly unit: string;
  readonly places: number;
  /** The goal is a floor (throughput), not a ceiling. */
  readonly atLeast?: boolean;
}

function medianOf<T>(results: PerArm<T> | undefined, key: ArmKey, pick: (result: T) => number | null): number | undefined {
  const values = (results?.get(key) ?? []).map(pick).filter((value): value is number => value !== null);
  return values.length > 0 ? median(values) : undefined;
}

function addedMedian<T>(results: PerArm<T> | undefined, pick: (result: T) => number | null): number | undefined {
  if (!results?.has('direct') || !results.has('headwater')) return undefined;
  const values = paired(results.get('headwater')!.map(pick), results.get('direct')!.map(pick)).filter(
    (value): value is number => value !== null,
  );
  return values.length > 0 ? median(values) : undefined;
}

function quotient(a: number | undefined, b: number | undefined): number | undefined {
  return a === undefined || b === undefined || b === 0 ? undefined : a / b;
}

function goalsOf(results: Results): Goal[] {
  const { throughput, latency, rate, streams, memory } = results;
  const delay = results.watches.get('throughput')?.delay;
  const toNodeLimit = (pick: (result: WrkResult) => number) =>
    quotient(medianOf(throughput, 'headwater', pick), medianOf(throughput, 'node', pick));
  return [
    {
      goal: 'throughput ÷ Node limit (1)',
      measured: toNodeLimit((r) => r.rps),
      limit: 0.9,
      unit: '×',
      places: 2,
      atLeast: true,
    },
    { goal: 'added p50 at concurrency 1 (2)', measured: addedMedian(latency, (r) => r.p50Us), limit: 100, unit: 'µs', places: 0 },
    { goal: 'added p99 at concurrency 1 (2)', measured: addedMedian(latency, (r) => r.p99Us), limit: 500, unit: 'µs', places: 0 },
    {
      goal: 'p99 at 32 connections ÷ Node limit (1)',
      measured: toNodeLimit((r) => r.p99Us),
      limit: 1.2,
      unit: '×',
      places: 2,
    },
    {
      goal: 'added p99 at the fixed rate (3)',
      measured: mapDefined(
        addedMedian(rate?.perArm, (r) => r.p99Us),
        (value) => value / 1000,
      ),
      limit: 1,
      unit: 'ms',
      places: 2,
    },
    {
      goal: 'event-loop delay p99 under load (1; a bucket bound)',
      measured: mapDefined(delay && summarize(delay)?.p99, (value) => value * 1000),
      limit: 1,
      unit: 'ms',
      places: 1,
    },
    {
      goal: 'stalls in the streams (4)',
      measured: mapDefined(streams?.get('headwater'), (runs) => runs.reduce((total, run) => total + run.stalls, 0)),
      limit: 0,
      unit: '',
      places: 0,
    },
    { goal: 'added first-chunk p99 (4)', measured: addedMedian(streams, (r) => r.ttfcP99Ms), limit: 50, unit: 'ms', places: 1 },
    {
      goal: 'throughput cost of probing (5)',
      measured: mapDefined(results.probes, (rounds) => median(probingCosts(rounds)) * 100),
      limit: 5,
      unit: '%',
      places: 1,
    },
    { goal: 'RSS idle (6)', measured: memory?.headwater?.idleMiB, limit: 100, unit: 'MiB', places: 0 },
    {
      goal: 'RSS after the load ÷ idle (6)',
      measured: memory?.headwater && quotient(memory.headwater.afterMiB, memory.headwater.idleMiB),
      limit: 1.2,
      unit: '×',
      places: 2,
    },
  ];
}

function mapDefined<T, U>(value: T | undefined, map: (value: T) => U): U | undefined {
  return value === undefined ? undefined : map(value);
}

/** The goals this run measured (a scenario or arm left out leaves its goals out). */
export function goalsTable(results: Results): string | undefined {
  const rows = goalsOf(results)
    .filter((goal) => goal.measured !== undefined && Number.isFinite(goal.measured))
    .map(({ goal, measured, limit, unit, places, atLeast }) => {
      const reached = atLeast ? measured! >= limit : measured! <= limit;
      const target = limit === 0 && unit === '' ? 'none' : `${atLeast ? '≥' : '≤'} ${limit} ${unit}`.trim();
      return [goal, target, `${decimals(measured!, places)} ${unit}`.trim(), reached ? 'yes' : 'no'];
    });
  if (rows.length === 0) return undefined;
  return `### Goals of issue 11, on this run's medians

${table(['goal', 'target', 'measured', 'reached'], rows)}`;
}
