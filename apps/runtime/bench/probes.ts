import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { firstMessage } from './children.ts';
import { PROBED_UPSTREAM, probedUpstream } from './headwater.ts';
import { runWrk, type WrkResult } from './load.ts';
import { aloneOnProxyCore, type Bench, progress, watchHeadwater } from './rounds.ts';
import { THROUGHPUT_CONNECTIONS } from './scenarios.ts';

// Scenario 5: what actively checking many targets every second costs the data plane.
// Headwater carries scenario 1's load twice per round: once as it is, once with an extra
// upstream of N targets (N listening ports of one process on the load's core) that it probes
// every second, healthy or not. The upstream is created through the admin API before the
// load and deleted after it; the order of the two runs alternates from round to round.

export interface ProbesRun {
  readonly withProbes: boolean;
  readonly result: WrkResult;
  /** Probes the targets answered per second during the measured load (0 without probes). */
  readonly probesPerSecond: number;
}

const PROBES_START_TIMEOUT_MS = 15_000;

function probeCount(targets: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    targets.once('message', (message) => resolve((message as { count: number }).count));
    targets.send('count');
  });
}

async function startProbeTargets(bench: Bench): Promise<{ process: ChildProcess; ports: number[] }> {
  const process = bench.children.start(
    globalThis.process.execPath,
    [join(bench.here, 'probe-targets.mjs'), JSON.stringify({ count: bench.options.probeTargets })],
    {
      core: 'load',
      ipc: true,
    },
  );
  const { ports } = await firstMessage<{ ports: number[] }>(process, 'the probed targets', 60_000);
  return { process, ports };
}

/**
 * Waits until the targets see a full second's worth of probes (or 15 s: a prober that cannot
 * keep up is a result, which the table's probes-per-second column shows, not an error).
 */
async function probesFlowing(targets: ChildProcess, count: number): Promise<void> {
  const deadline = Date.now() + PROBES_START_TIMEOUT_MS;
  let last = await probeCount(targets);
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = await probeCount(targets);
    if (now - last >= 0.9 * count) return;
    last = now;
  }
  progress(`probes: the ${count} targets still see fewer than ${Math.round(0.9 * count)} probes a second; measuring anyway`);
}

async function measureOnce(bench: Bench, targets: { process: ChildProcess; ports: number[] }, withProbes: boolean): Promise<ProbesRun> {
  const headwater = bench.setup.headwater!;
  if (withProbes) {
    await headwater.mutate('upstreams.create', probedUpstream(targets.ports));
    await probesFlowing(targets.process, targets.ports.length);
  }
  try {
    return await watchHeadwater(bench, 'probes', async () => {
      await runWrk(bench.children, bench.wrkScript, headwater.port, THROUGHPUT_CONNECTIONS, 1);
      const before = await probeCount(targets.process);
      const started = Date.now();
      const result = await runWrk(bench.children, bench.wrkScript, headwater.port, THROUGHPUT_CONNECTIONS, bench.options.seconds);
      const probesPerSecond = ((await probeCount(targets.process)) - before) / ((Date.now() - started) / 1000);
      return { withProbes, result, probesPerSecond };
    });
  } finally {
    if (withProbes) {
      await headwater.mutate('upstreams.delete', { name: PROBED_UPSTREAM });
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

export async function probing(bench: Bench): Promise<ProbesRun[][]> {
  const targets = await startProbeTargets(bench);
  await aloneOnProxyCore(
    bench,
    bench.setup.arms.find((arm) => arm.key === 'headwater'),
  );
  const rounds: ProbesRun[][] = [];
  try {
    for (let round = 0; round < bench.options.rounds; round++) {
      const order = round % 2 === 0 ? [false, true] : [true, false];
      const runs: ProbesRun[] = [];
      for (const withProbes of order) {
        const run = await measureOnce(bench, targets, withProbes);
        runs.push(run);
        progress(
          `probes round ${round + 1}/${bench.options.rounds}, ${withProbes ? `with ${targets.ports.length} probed targets` : 'without'}: ` +
            `${Math.round(run.result.rps)} req/s, p99 ${(run.result.p99Us / 1000).toFixed(2)} ms, ${Math.round(run.probesPerSecond)} probes/s`,
        );
      }
      rounds.push(runs);
    }
  } finally {
    await aloneOnProxyCore(bench, undefined);
    await bench.children.stop(targets.process);
  }
  return rounds;
}
