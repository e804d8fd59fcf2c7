// Cost of one pick per algorithm and upstream size, and of one outcome report.
// Run: pnpm --filter @headwater/core bench. Figures go to docs/performance.md.
import { cpus, totalmem } from 'node:os';
import type { BalancerTarget, LiveTargets } from '../src/pick.ts';
import { Balancer } from '../src/balancer.ts';
import { observeProbe } from '../src/health/active-checks.ts';
import type { TargetFacts } from '../src/health/facts.ts';
import { initialFacts } from '../src/health/facts.ts';
import { observeOutcome } from '../src/health/passive-outcomes.ts';
import { nextProbeAt } from '../src/health/probe-cadence.ts';
import { initialHealth } from '../src/health/target-health.ts';
import { activeHealthCheckSchema, passiveHealthCheckSchema } from '../src/model/health-checks.ts';
import type { Algorithm } from '../src/model/upstream.ts';
import { seededRandom } from '../src/ports.ts';
import { SmoothWeightedRoundRobin } from '../src/selection/smooth-weighted-round-robin.ts';

const sizes = [10, 100, 1_000, 10_000];
const algorithms: Algorithm[] = ['round-robin', 'least-connections', 'latency', 'consistent-hash'];
const BUDGET_NS = 300_000_000n; // per measurement

/** Runs `body` in growing batches until the time budget is spent; returns ns per call. */
function measure(body: () => void): number {
  for (let warm = 0; warm < 2_000; warm++) body();
  let calls = 0;
  let batch = 64;
  const started = process.hrtime.bigint();
  let elapsed = 0n;
  while (elapsed < BUDGET_NS) {
    for (let call = 0; call < batch; call++) body();
    calls += batch;
    batch = Math.min(batch * 2, 65_536);
    elapsed = process.hrtime.bigint() - started;
  }
  return Number(elapsed) / calls;
}

function upstream(size: number) {
  const targets: BalancerTarget[] = Array.from({ length: size }, (_, index) => ({
    id: `t-${index}`,
    weight: 50 + (index % 4) * 50, // mixed weights: 50, 100, 150, 200
    priority: 0,
    maxInFlight: 0,
  }));
  const facts = new Map<string, TargetFacts>(targets.map((target) => [target.id, initialFacts('enabled', false)]));
  const inFlight = new Map<string, number>(targets.map((target, index) => [target.id, index % 7]));
  const latency = new Map<string, number>(targets.map((target, index) => [target.id, 80 + (index % 13) * 10]));
  const live: LiveTargets = {
    facts: (id) => facts.get(id)!,
    inFlight: (id) => inFlight.get(id)!,
    latencyMs: (id) => latency.get(id)!,
    revision: () => 1, // the runtime bumps this on every fact change; steady state here
  };
  return { targets, live };
}

const format = (ns: number) => (ns >= 10_000 ? `${(ns / 1_000).toFixed(1)} µs` : `${Math.round(ns)} ns`);
const row = (cells: string[]) => `| ${cells.join(' | ')} |`;

console.log(
  `Machine: ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`,
);
console.log('ns per pick (one tier, mixed weights 50–200, all eligible, live store with a revision):\n');
console.log(row(['algorithm', ...sizes.map((size) => `${size.toLocaleString('en')} targets`)]));
console.log(row(['---', ...sizes.map(() => '---:')]));

for (const algorithm of algorithms) {
  const cells: string[] = [];
  for (const size of sizes) {
    const { targets, live } = upstream(size);
    const balancer = new Balancer(targets, { slowStartMs: 30_000, failOpen: false, algorithm, random: seededRandom(1) });
    let key = 0;
    const ns =
      algorithm === 'consistent-hash'
        ? measure(() => void balancer.candidates(live, { hashKey: `user-${key++ & 0xffff}` }).next(1_000_000))
        : measure(() => void balancer.pick(live, 1_000_000));
    cells.push(format(ns));
  }
  console.log(row([algorithm, ...cells]));
}

{
  const cells: string[] = [];
  for (const size of sizes) {
    const { targets, live } = upstream(size);
    const balancer = new Balancer(targets, { slowStartMs: 30_000, failOpen: false, random: seededRandom(1) });
    let revision = 0;
    const changing: LiveTargets = { ...live, revision: () => revision++ };
    cells.push(format(measure(() => void balancer.pick(changing, 1_000_000))));
  }
  console.log(row(['round-robin, a fact changed before every pick (view rebuilt)', ...cells]));
}
{
  const cells: string[] = [];
  for (const size of sizes) {
    const weights = Array.from({ length: size }, (_, index) => 50 + (index % 4) * 50);
    const rotation = new SmoothWeightedRoundRobin(size);
    cells.push(format(measure(() => void rotation.pick((index) => weights[index]!))));
  }
  console.log(row(['reference: NGINX smooth round-robin scan, O(n)', ...cells]));
}

const passive = passiveHealthCheckSchema.parse({});
const active = activeHealthCheckSchema.parse({});
const budget = { ejected: 0, limit: 5 };
let health = initialHealth('enabled', true, 0);
let now = 0;
const outcomes = [
  ['success (200)', { kind: 'response', status: 200 }],
  ['failure (502), circuit stays closed', { kind: 'response', status: 502 }],
  ['429 (cooldown)', { kind: 'response', status: 429, retryAfter: '2' }],
] as const;
console.log('\nns per outcome report (pure reducer, new state returned):\n');
console.log(row(['report', 'cost']));
console.log(row(['---', '---:']));
for (const [name, outcome] of outcomes) {
  const ns = measure(() => {
    now += 1_000; // keeps the error rate below the threshold for the failure case
    const observed = observeOutcome(
      health,
      outcome,
      { ...passive, consecutiveFailures: 1e9, errorRatePct: 100, minRequests: 1e6 },
      budget,
      now,
    );
    health = observed.state.facts.cooldownUntil === null ? observed.state : health;
  });
  console.log(row([name, format(ns)]));
}
let probed = initialHealth('enabled', true, 0);
const probeSettings = { active, passive };
console.log(
  row([
    'probe result (pass)',
    format(
      measure(() => {
        now += 1;
        probed = observeProbe(probed, { kind: 'status', status: 200 }, probeSettings, now).state;
      }),
    ),
  ]),
);
const random = seededRandom(2);
console.log(row(['next probe due (cadence)', format(measure(() => void nextProbeAt(probed, active, random, now)))]));

console.log('\nms to build a balancer (once per change of the target set or weights):\n');
console.log(row(['algorithm', ...sizes.map((size) => `${size.toLocaleString('en')} targets`)]));
console.log(row(['---', ...sizes.map(() => '---:')]));
for (const algorithm of algorithms) {
  const cells = sizes.map((size) => {
    const { targets } = upstream(size);
    const started = process.hrtime.bigint();
    for (let round = 0; round < 5; round++) new Balancer(targets, { slowStartMs: 30_000, failOpen: false, algorithm });
    return `${(Number(process.hrtime.bigint() - started) / 5 / 1e6).toFixed(2)} ms`;
  });
  console.log(row([algorithm, ...cells]));
}
