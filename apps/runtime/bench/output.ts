import { type Results, goalsTable } from './goals.ts';
import type { Options } from './options.ts';
import { delayTable, memoryTable, probesTable } from './report-headwater.ts';
import { latencyTable, rateTable, streamsTable, throughputTable } from './report.ts';
import { loadAverage, type Machine } from './system.ts';
import { warningsOf } from './warnings.ts';

export interface ReportInput {
  readonly options: Options;
  readonly machine: Machine;
  readonly results: Results;
  readonly notes: readonly string[];
  readonly loadAtStart: string;
  readonly startedAt: number;
  readonly connections: number;
}

function machineLine(input: ReportInput): string {
  const { machine, options } = input;
  const placement = options.pinned
    ? 'pinned: the proxy under test on CPU 0; load generators, backends and the bench on CPU 1'
    : 'unpinned: the kernel placed every process';
  return [
    `Machine: ${machine.cores} × ${machine.cpu}, Node ${machine.node}, commit ${machine.commit}; ${placement}.`,
    `Load average (1/5/15 min) at start ${input.loadAtStart}, at end ${loadAverage()}. Tools: ${machine.tools || 'none found'}.`,
    `Headwater: \`node --enable-source-maps ${options.nodeFlags.map((flag) => `${flag} `).join('')}apps/runtime/dist/main.js\`, SQLite, defaults except slow start off; access log ${options.accessLog ? 'on (to a file)' : 'off'}.`,
  ].join('\n');
}

/** The whole report: a heading, the machine, the notes, then one table per scenario run. */
export function reportOf(input: ReportInput): string {
  const { options, results } = input;
  const minutes = ((Date.now() - input.startedAt) / 60_000).toFixed(1);
  const notes = [...input.notes, ...warningsOf(results, Number(input.loadAtStart.split(' / ')[0]))];
  const sections = [
    `## pnpm bench, ${new Date(input.startedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC (${minutes} min)`,
    machineLine(input),
    ...(notes.length > 0 ? [notes.map((note) => `- ${note}`).join('\n')] : []),
  ];
  if (results.throughput) sections.push(throughputTable(results.throughput, options, input.connections));
  if (results.latency) sections.push(latencyTable(results.latency, options));
  if (results.rate) sections.push(rateTable(results.rate.perArm, results.rate.rate, options));
  if (results.streams) sections.push(streamsTable(results.streams, options));
  if (results.probes) sections.push(probesTable(results.probes, options));
  if (results.memory) sections.push(memoryTable(results.memory, options));
  if (results.watches.size > 0) sections.push(delayTable(results.watches));
  const goals = goalsTable(results);
  if (goals) sections.push(goals);
  return `${sections.join('\n\n')}\n`;
}
