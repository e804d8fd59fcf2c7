import type { Arm, Setup } from './arms.ts';
import type { Children } from './children.ts';
import { addHistograms, type DelayHistogram, difference, parseDelayHistogram } from './event-loop-delay.ts';
import type { ArmKey, Options, Scenario } from './options.ts';
import { memoryOf } from './system.ts';

/** What Headwater's own gauges showed while it carried a scenario's loads. */
export interface HeadwaterWatch {
  /** The event-loop delay histogram of those loads (undefined: the metric is not exported). */
  delay: DelayHistogram | undefined;
  peakRssMiB: number;
}

export interface Bench {
  readonly options: Options;
  readonly children: Children;
  readonly setup: Setup;
  readonly here: string;
  readonly wrkScript: string;
  readonly watches: Map<Scenario | 'idle', HeadwaterWatch>;
  /** The proxies paused while another arm is measured (see aloneOnProxyCore). */
  readonly paused: Set<ArmKey>;
  /** The peak RSS (MiB) of the other proxies by scenario and arm: `throughput:node`. */
  readonly peaks: Map<string, number>;
}

/** Each arm's results, one per round, in round order (so rounds can be paired across arms). */
export type PerArm<T> = Map<ArmKey, T[]>;

const RSS_SAMPLE_MS = 200;
const DELAY_FOLD_WAIT_MS = 1_100;
const RESUME_SETTLE_MS = 1_500;

export function progress(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/** Runs `run` while sampling the RSS of a process every 200 ms; returns both. */
async function withPeakRss<T>(pid: number, run: () => Promise<T>): Promise<{ result: T; peakRssMiB: number }> {
  let peakRssMiB = 0;
  const sample = () => {
    peakRssMiB = Math.max(peakRssMiB, memoryOf(pid)?.rssMiB ?? 0);
  };
  const sampler = setInterval(sample, RSS_SAMPLE_MS);
  try {
    const result = await run();
    sample();
    return { result, peakRssMiB };
  } finally {
    clearInterval(sampler);
  }
}

/**
 * Runs a Headwater load and records its event-loop delay (from /metrics before and after)
 * and its peak RSS (sampled every 200 ms) under the scenario's name.
 */
export async function watchHeadwater<T>(bench: Bench, scenario: Scenario | 'idle', run: () => Promise<T>): Promise<T> {
  const headwater = bench.setup.headwater;
  if (!headwater) return run();
  const before = parseDelayHistogram(await headwater.metrics());
  const { result, peakRssMiB } = await withPeakRss(headwater.pid, run);
  // Headwater folds its samples into the histogram once a second: wait for the load's last second.
  if (before) await new Promise((resolve) => setTimeout(resolve, DELAY_FOLD_WAIT_MS));
  const after = parseDelayHistogram(await headwater.metrics());
  const seen = bench.watches.get(scenario);
  const delta = before && after ? difference(after, before) : undefined;
  bench.watches.set(scenario, {
    delay: seen?.delay && delta ? addHistograms(seen.delay, delta) : (seen?.delay ?? delta),
    peakRssMiB: Math.max(seen?.peakRssMiB ?? 0, peakRssMiB),
  });
  return result;
}

/**
 * Leaves `arm` alone on the proxy core: every other proxy's process group is paused
 * (SIGSTOP) and this one continued. An idle proxy is not idle for free: Headwater runs its
 * periodic work (the config poll, the grid) whether it has traffic or not, and on the proxy
 * core those bursts would land in the tails of whichever arm is being measured. After
 * Headwater has been paused it gets a moment to catch up on its timers, and for its
 * event-loop histogram to fold the one long "delay" the pause itself was, before its load.
 * Without `arm`, every proxy is continued.
 */
export async function aloneOnProxyCore(bench: Bench, arm: Arm | undefined): Promise<void> {
  for (const other of bench.setup.arms) {
    if (other.pid === undefined) continue;
    const pause = arm !== undefined && other.key !== arm.key;
    const wasPaused = bench.paused.has(other.key);
    if (pause === wasPaused) continue;
    bench.children.pause(other.pid, pause);
    if (pause) bench.paused.add(other.key);
    else bench.paused.delete(other.key);
    if (!pause && other.key === 'headwater') await new Promise((resolve) => setTimeout(resolve, RESUME_SETTLE_MS));
  }
}

async function measured<T>(bench: Bench, scenario: Scenario, arm: Arm, measure: (arm: Arm) => Promise<T>): Promise<T> {
  if (arm.key === 'headwater') return watchHeadwater(bench, scenario, () => measure(arm));
  if (arm.pid === undefined) return measure(arm);
  const { result, peakRssMiB } = await withPeakRss(arm.pid, () => measure(arm));
  const key = `${scenario}:${arm.key}`;
  bench.peaks.set(key, Math.max(bench.peaks.get(key) ?? 0, peakRssMiB));
  return result;
}

/**
 * Rounds interleaved: each round runs every arm once, and the order rotates from round to
 * round so no arm always runs first (after an idle spell) or last (after the others warmed
 * the caches and the CPU clock).
 */
export async function interleaved<T>(
  bench: Bench,
  scenario: Scenario,
  measure: (arm: Arm) => Promise<T>,
  describe: (result: T) => string,
): Promise<PerArm<T>> {
  const results: PerArm<T> = new Map(bench.setup.arms.map((arm) => [arm.key, []]));
  const arms = bench.setup.arms;
  for (let round = 0; round < bench.options.rounds; round++) {
    const order = arms.map((_, index) => arms[(index + round) % arms.length]!);
    for (const arm of order) {
      await aloneOnProxyCore(bench, arm);
      const result = await measured(bench, scenario, arm, measure);
      results.get(arm.key)!.push(result);
      progress(`${scenario} round ${round + 1}/${bench.options.rounds}, ${arm.label}: ${describe(result)}`);
    }
  }
  await aloneOnProxyCore(bench, undefined);
  return results;
}
