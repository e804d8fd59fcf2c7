// `pnpm bench`: Headwater against the Node limit, nginx and HAProxy, in one run. The proxy
// under test runs alone on CPU 0; the load generators, the backends and this script on CPU 1.
// Six scenarios, rounds interleaved, medians with their range; Markdown tables on stdout and
// in apps/runtime/bench/results/. How to read them: docs/performance.md.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startArms } from './arms.ts';
import { Children, stopChildrenOnExit } from './children.ts';
import { writeWrkScript } from './load.ts';
import { type Options, parseOptions, USAGE } from './options.ts';
import { reportOf } from './output.ts';
import { probing } from './probes.ts';
import { type Bench, progress, watchHeadwater } from './rounds.ts';
import type { Results } from './goals.ts';
import { concurrencyOne, fixedRate, maxThroughput, openLoop, streams, THROUGHPUT_CONNECTIONS } from './scenarios.ts';
import { describeMachine, ensureTools, loadAverage, memoryOf, pinSelfToLoadCore, type Tool, waitForQuietMachine, which } from './system.ts';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../../..');

function prepare(options: Options): string[] {
  const tools: Tool[] = ['wrk', ...options.arms.filter((arm): arm is 'nginx' | 'haproxy' => arm === 'nginx' || arm === 'haproxy')];
  if (!tools.includes('nginx')) tools.push('nginx'); // the fast backends
  const notes = ensureTools(tools);
  if (!which('wrk') && ['throughput', 'latency', 'probes'].some((scenario) => options.scenarios.has(scenario as never))) {
    throw new Error(`wrk is needed and could not be installed (${notes.join('; ')})`);
  }
  if (options.build) {
    progress('building the runtime (pnpm run build:runtime)');
    execFileSync('pnpm', ['run', 'build:runtime'], { cwd: root, stdio: ['ignore', 2, 2] });
  }
  return notes;
}

async function memoryAtEnd(bench: Bench, results: Results, idleMiB: { headwater?: number; node?: number }): Promise<void> {
  const headwater = bench.setup.headwater;
  const node = bench.setup.arms.find((arm) => arm.key === 'node');
  progress(`memory: ${bench.options.afterLoadSeconds} s without load before the last reading`);
  await watchHeadwater(bench, 'idle', () => new Promise((done) => setTimeout(done, bench.options.afterLoadSeconds * 1000)));
  const reading = (pid: number | undefined, idle: number | undefined, peakThroughputMiB: number | undefined) => {
    const now = pid === undefined ? undefined : memoryOf(pid);
    return { idleMiB: idle, peakThroughputMiB, peakRunMiB: now?.peakMiB, afterMiB: now?.rssMiB };
  };
  results.memory = {
    ...(headwater && { headwater: reading(headwater.pid, idleMiB.headwater, bench.watches.get('throughput')?.peakRssMiB) }),
    ...(node && { node: reading(node.pid, idleMiB.node, bench.peaks.get('throughput:node')) }),
  };
}

async function runScenarios(bench: Bench): Promise<Results> {
  const { scenarios } = bench.options;
  const results: Results = { watches: bench.watches };
  const settle = () => new Promise((done) => setTimeout(done, 3_000));
  await settle(); // let the processes finish starting before the idle reading
  const idleMiB = {
    headwater: memoryOf(bench.setup.headwater?.pid ?? -1)?.rssMiB,
    node: memoryOf(bench.setup.arms.find((arm) => arm.key === 'node')?.pid ?? -1)?.rssMiB,
  };
  if (scenarios.has('throughput')) results.throughput = await maxThroughput(bench);
  if (scenarios.has('latency')) results.latency = await concurrencyOne(bench);
  if (scenarios.has('rate')) {
    const rate = await fixedRate(bench, results.throughput);
    results.rate = { rate, perArm: await openLoop(bench, rate) };
  }
  if (scenarios.has('streams')) results.streams = await streams(bench);
  if (scenarios.has('probes') && bench.setup.headwater) results.probes = await probing(bench);
  if (scenarios.has('memory')) await memoryAtEnd(bench, results, idleMiB);
  return results;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  if (!options) return void process.stdout.write(USAGE);
  const startedAt = Date.now();
  const children = new Children(options.pinned);
  let dir: string | undefined;
  stopChildrenOnExit(children, () => dir && rmSync(dir, { recursive: true, force: true }));
  if (options.pinned) pinSelfToLoadCore();
  const notes = prepare(options);
  if (options.waitQuiet) notes.push(await waitForQuietMachine(0.3, 15 * 60_000));
  const machine = describeMachine(root);
  const loadAtStart = loadAverage();
  dir = mkdtempSync(join(tmpdir(), 'headwater-bench-'));
  const paths = { here, root, dir };
  let failed = true;
  try {
    const setup = await startArms(children, options, paths);
    const bench: Bench = {
      options,
      children,
      setup,
      here,
      wrkScript: writeWrkScript(dir),
      watches: new Map(),
      peaks: new Map(),
      paused: new Set(),
    };
    const results = await runScenarios(bench);
    const report = reportOf({
      options,
      machine,
      results,
      notes: [...notes, ...setup.notes],
      loadAtStart,
      startedAt,
      connections: THROUGHPUT_CONNECTIONS,
    });
    const out = join(here, 'results');
    mkdirSync(out, { recursive: true });
    const file = join(out, `${new Date(startedAt).toISOString().replace(/[:.]/g, '-')}.md`);
    writeFileSync(file, report);
    process.stdout.write(`${report}\n`);
    progress(`written to ${file}; took ${Math.round((Date.now() - startedAt) / 1000)} s`);
    failed = false;
  } finally {
    await children.stopAll();
    if (failed) progress(`kept the run's folder (logs, configs): ${paths.dir}`);
    else rmSync(paths.dir, { recursive: true, force: true });
  }
}

await main();
