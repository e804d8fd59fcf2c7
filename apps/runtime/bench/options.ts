import { parseArgs } from 'node:util';

export const SCENARIOS = ['throughput', 'latency', 'rate', 'streams', 'probes', 'memory'] as const;
export type Scenario = (typeof SCENARIOS)[number];
export const ARM_KEYS = ['direct', 'node', 'headwater', 'nginx', 'haproxy'] as const;
export type ArmKey = (typeof ARM_KEYS)[number];

export interface Options {
  readonly rounds: number;
  readonly seconds: number;
  readonly scenarios: ReadonlySet<Scenario>;
  readonly arms: readonly ArmKey[];
  readonly pinned: boolean;
  readonly waitQuiet: boolean;
  readonly build: boolean;
  readonly accessLog: boolean;
  /** Extra flags for Headwater's `node` (V8 tuning experiments, e.g. `--max-semi-space-size=32`). */
  readonly nodeFlags: readonly string[];
  readonly streams: number;
  readonly probeTargets: number;
  readonly afterLoadSeconds: number;
  /** The fixed rate, req/s; undefined = half of the Node limit's measured throughput. */
  readonly rate: number | undefined;
}

export const USAGE = `pnpm bench [-- options]

  --rounds N            rounds; each runs every arm once per scenario, arms in rotating order (3)
  --seconds N           measured seconds per arm per round, after a 1 s warm-up (5)
  --only LIST           scenarios, by name or number: 1 throughput, 2 latency, 3 rate,
                        4 streams, 5 probes, 6 memory (all)
  --arms LIST           ${ARM_KEYS.join(', ')} (all; "node" is the Node limit)
  --unpinned            let the kernel place every process (default: proxy under test on
                        CPU 0, everything else on CPU 1)
  --wait-quiet          before starting, wait (up to 15 min) for a 1-minute load average ≤ 0.3
  --skip-build          use the existing apps/runtime/dist/main.js
  --access-log          run Headwater with its access log on (to a file; default off)
  --node-flags "FLAGS"  extra flags for Headwater's node, for tuning experiments
                        (e.g. "--max-semi-space-size=32"; default none)
  --streams N           concurrent SSE streams in scenario 4 (1000)
  --targets N           probed targets in scenario 5 (1000)
  --rate N              fixed rate of scenario 3 in req/s (half the Node limit's throughput)
  --after-load N        seconds of idle before the last memory reading (60)
  --quick               a smoke run of about two minutes: 1 round of 2 s, 200 streams, 10 s idle
`;

function list<T extends string>(value: string | undefined, all: readonly T[], numbered: boolean, what: string): T[] {
  if (value === undefined) return [...all];
  return value.split(',').map((item) => {
    const name = numbered && /^\d$/.test(item.trim()) ? all[Number(item.trim()) - 1] : item.trim();
    if (!all.includes(name as T)) throw new Error(`unknown ${what} "${item}" (one of: ${all.join(', ')})`);
    return name as T;
  });
}

function positive(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0) throw new Error(`--${name} must be a positive number (got "${value}")`);
  return number;
}

export function parseOptions(args: readonly string[]): Options | undefined {
  const { values } = parseArgs({
    args: args.filter((arg) => arg !== '--'),
    options: {
      rounds: { type: 'string' },
      seconds: { type: 'string' },
      only: { type: 'string' },
      arms: { type: 'string' },
      unpinned: { type: 'boolean', default: false },
      'wait-quiet': { type: 'boolean', default: false },
      'skip-build': { type: 'boolean', default: false },
      'access-log': { type: 'boolean', default: false },
      'node-flags': { type: 'string' },
      streams: { type: 'string' },
      targets: { type: 'string' },
      rate: { type: 'string' },
      'after-load': { type: 'string' },
      quick: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return undefined;
  const quick = values.quick;
  return {
    rounds: Math.round(positive(values.rounds ?? (quick ? '1' : '3'), 'rounds')),
    seconds: positive(values.seconds ?? (quick ? '2' : '5'), 'seconds'),
    scenarios: new Set(list(values.only, SCENARIOS, true, 'scenario')),
    arms: list(values.arms, ARM_KEYS, false, 'arm'),
    pinned: !values.unpinned,
    waitQuiet: values['wait-quiet'],
    build: !values['skip-build'],
    accessLog: values['access-log'],
    nodeFlags: (values['node-flags'] ?? '').split(/\s+/).filter((flag) => flag !== ''),
    streams: Math.round(positive(values.streams ?? (quick ? '200' : '1000'), 'streams')),
    probeTargets: Math.round(positive(values.targets ?? '1000', 'targets')),
    afterLoadSeconds: positive(values['after-load'] ?? (quick ? '10' : '60'), 'after-load'),
    rate: values.rate === undefined ? undefined : positive(values.rate, 'rate'),
  };
}
