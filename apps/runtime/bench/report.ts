import { ARM_LABELS } from './arms.ts';
import { CHUNK_INTERVAL_MS, type OpenLoopResult, STALL_MS, STREAM_CHUNKS, type WrkResult } from './load.ts';
import type { ArmKey, Options } from './options.ts';
import type { PerArm } from './rounds.ts';
import type { StreamsRun } from './scenarios.ts';
import { decimals, grouped, median, paired, spread } from './stats.ts';

// The Markdown tables of scenarios 1 to 4, ready to paste into docs/performance.md.
// Medians over rounds with the range (min–max) in brackets; "added" figures are paired by
// round (the arm's figure minus direct's in the same round), then the median of those.

/** A Markdown table, columns padded as the repository's formatter (biome) lays them out. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(3, title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const cell = (text: string, column: number) => (column === 0 ? text.padEnd(widths[column]!) : text.padStart(widths[column]!));
  const rule = widths.map((width, column) => (column === 0 ? '-'.repeat(width) : `${'-'.repeat(width - 1)}:`));
  return [header.map(cell), rule, ...rows.map((row) => row.map(cell))].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

const ms = (us: number) => decimals(us / 1000, 2);
const us = (value: number) => grouped(value);
const ratio = (value: number) => value.toFixed(2);
const oneDecimal = (value: number) => decimals(value, 1);

function of<T>(results: PerArm<T>, key: ArmKey, pick: (result: T) => number | null): Array<number | null> {
  return (results.get(key) ?? []).map(pick);
}

function ratioTo<T>(results: PerArm<T>, key: ArmKey, reference: ArmKey, pick: (result: T) => number | null): string {
  const values = of(results, key, pick).filter((value): value is number => value !== null);
  const base = of(results, reference, pick).filter((value): value is number => value !== null);
  if (values.length === 0 || base.length === 0) return 'n/a';
  return ratio(median(values) / median(base));
}

/** One arm's figure over the rounds: median and range. */
function spreadOf<T>(results: PerArm<T>, key: ArmKey, pick: (result: T) => number | null, format: (value: number) => string): string {
  return spread(of(results, key, pick), format);
}

function added<T>(results: PerArm<T>, key: ArmKey, pick: (result: T) => number | null, format: (value: number) => string): string {
  if (key === 'direct') return '—';
  if (!results.has('direct')) return 'n/a';
  return spread(paired(of(results, key, pick), of(results, 'direct', pick)), format);
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

export function throughputTable(results: PerArm<WrkResult>, options: Options, connections: number): string {
  const rows = [...results.keys()].map((key) => [
    ARM_LABELS[key],
    spreadOf(results, key, (r) => r.rps, grouped),
    ratioTo(results, key, 'node', (r) => r.rps),
    spreadOf(results, key, (r) => r.p99Us, ms),
    ratioTo(results, key, 'node', (r) => r.p99Us),
    grouped(sum(of(results, key, (r) => r.errors + r.non2xx) as number[])),
  ]);
  return `### 1. Maximum throughput: wrk, ${connections} connections, ${options.seconds} s × ${options.rounds} rounds

${table(['arm', 'req/s', '÷ Node limit', 'p99 ms', 'p99 ÷ Node limit', 'errors'], rows)}`;
}

export function latencyTable(results: PerArm<WrkResult>, options: Options): string {
  const rows = [...results.keys()].map((key) => [
    ARM_LABELS[key],
    spreadOf(results, key, (r) => r.p50Us, us),
    added(results, key, (r) => r.p50Us, us),
    spreadOf(results, key, (r) => r.p99Us, us),
    added(results, key, (r) => r.p99Us, us),
  ]);
  return `### 2. Added latency at concurrency 1: wrk, 1 connection, ${options.seconds} s × ${options.rounds} rounds

${table(['arm', 'p50 µs', 'added p50 µs', 'p99 µs', 'added p99 µs'], rows)}`;
}

export function rateTable(results: PerArm<OpenLoopResult>, rate: number, options: Options): string {
  const rows = [...results.keys()].map((key) => {
    const runs = results.get(key) ?? [];
    const failed = sum(runs.map((r) => r.errors + r.non2xx));
    return [
      ARM_LABELS[key],
      spreadOf(results, key, (r) => r.p50Us, ms),
      spreadOf(results, key, (r) => r.p99Us, ms),
      added(results, key, (r) => r.p99Us, ms),
      spreadOf(results, key, (r) => r.maxUs, ms),
      `${grouped(sum(runs.map((r) => r.completed)))} / ${grouped(sum(runs.map((r) => r.intended)))}${failed > 0 ? ` (${failed} failed)` : ''}`,
      spreadOf(results, key, (r) => r.maxSendLagMs, oneDecimal),
    ];
  });
  return `### 3. Fixed rate (open loop): ${grouped(rate)} req/s, backends answer after 20 ms, ${options.seconds} s × ${options.rounds} rounds

${table(['arm', 'p50 ms', 'p99 ms', 'added p99 ms', 'max ms', 'answered', 'generator lag ms'], rows)}`;
}

export function streamsTable(results: PerArm<StreamsRun>, options: Options): string {
  const rows = [...results.keys()].map((key) => {
    const runs = results.get(key) ?? [];
    return [
      ARM_LABELS[key],
      spreadOf(results, key, (r) => r.ttfcP50Ms, oneDecimal),
      added(results, key, (r) => r.ttfcP50Ms, oneDecimal),
      spreadOf(results, key, (r) => r.ttfcP99Ms, oneDecimal),
      added(results, key, (r) => r.ttfcP99Ms, oneDecimal),
      runs.length > 0 ? oneDecimal(Math.max(...runs.map((r) => r.largestGapMs))) : 'n/a',
      `${grouped(sum(runs.map((r) => r.stalls)))} (${grouped(sum(runs.map((r) => r.streamsWithStall)))} streams)`,
      grouped(sum(runs.map((r) => r.failed + r.shortStreams))),
      grouped(sum(runs.map((r) => r.listenOverflows))),
    ];
  });
  return `### 4. ${grouped(options.streams)} SSE streams opened at once: ${STREAM_CHUNKS} chunks ${CHUNK_INTERVAL_MS} ms apart, ${options.rounds} rounds

${table(
  [
    'arm',
    'first chunk p50 ms',
    'added p50 ms',
    'first chunk p99 ms',
    'added p99 ms',
    'largest gap ms',
    `stalls (gaps > ${STALL_MS} ms)`,
    'incomplete streams',
    'listen overflows',
  ],
  rows,
)}`;
}
