import type { Results } from './goals.ts';
import { median } from './stats.ts';

// Signs in the results themselves that the machine, not the proxy under test, set a figure:
// printed under the machine line so nobody reads a busy run as a slow proxy.

const QUIET_LOAD = 0.5;
const GENERATOR_LAG_MS = 5;

export function warningsOf(results: Results, loadAtStart: number): string[] {
  const warnings: string[] = [];
  if (loadAtStart > QUIET_LOAD) {
    warnings.push(
      `The machine was busy before the run (1-minute load average ${loadAtStart.toFixed(2)}): other processes shared both cores, ` +
        'so tails and ratios are noisy. On a shared machine, `--wait-quiet` waits for a quiet spell.',
    );
  }
  const lags = [...(results.rate?.perArm.values() ?? [])].flat().map((run) => run.maxSendLagMs);
  if (lags.length > 0 && Math.max(...lags) > GENERATOR_LAG_MS) {
    warnings.push(
      `Scenario 3: the open-loop generator fell up to ${Math.max(...lags).toFixed(1)} ms behind its schedule (load core busy). ` +
        'Latencies count from the intended send time, so that delay is in every arm; compare arms to direct, not to 20 ms.',
    );
  }
  const direct = results.streams?.get('direct') ?? [];
  const directStalls = direct.reduce((total, run) => total + run.stalls, 0);
  if (directStalls > 0) {
    warnings.push(
      `Scenario 4: direct itself stalled ${directStalls} times (first chunk p99 ${median(direct.map((run) => run.ttfcP99Ms ?? 0))} ms): ` +
        'the load core could not keep up with the streams, so gaps and stalls there are not all the proxies’.',
    );
  }
  return warnings;
}
