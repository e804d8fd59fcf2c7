import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeBackend, type FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, spread, startTestRuntime, waitFor, type TestRuntime } from './harness.ts';

// Priority tiers under real failures: two targets in tier 0, one in tier 1. A tier 0 target
// fails with 500 and its circuit opens; tier health = min(1, 1.4 × eligible ÷ enabled weight).
let hw: TestRuntime;
let primary1: FakeBackend;
let primary2: FakeBackend;
let backup: FakeBackend;
beforeAll(async () => {
  [hw, primary1, primary2, backup] = await Promise.all([
    startTestRuntime(),
    startFakeBackend({ name: 'primary-1' }),
    startFakeBackend({ name: 'primary-2' }),
    startFakeBackend({ name: 'backup' }),
  ]);
  await hw.client.upstreams.create.mutate({
    name: 'tiers',
    slowStartMs: 0,
    retries: 0,
    healthChecks: { passive: { consecutiveFailures: 1, baseEjectionMs: 2_000, halfOpenRequests: 1, maxEjectionPct: 100 } },
    targets: [
      { host: '127.0.0.1', port: primary1.port, priority: 0 },
      { host: '127.0.0.1', port: primary2.port, priority: 0 },
      { host: '127.0.0.1', port: backup.port, priority: 1 },
    ],
  });
});
afterAll(async () => {
  await Promise.all([hw.stop(), primary1.close(), primary2.close(), backup.close()]);
});

const circuitOf = async (port: number) =>
  (await hw.client.states.get.query()).upstreams[0]!.targets.find((target) => target.port === port)!.circuit;

/** Sends requests until `port`'s circuit is open (its failures reach the caller: retries are off here). */
async function trip(backend: FakeBackend) {
  backend.setMode({ kind: 'status', status: 500 });
  await waitFor(`${backend.name}'s circuit to open`, async () => {
    await call(hw.dataUrl, 'tiers');
    return (await circuitOf(backend.port)) === 'open';
  });
}

describe('priority tiers', () => {
  it('keeps all traffic in tier 0 while it is healthy', async () => {
    const counts = await spread(hw.dataUrl, 'tiers', 40);
    expect(counts.backup ?? 0).toBe(0);
    expect(counts['primary-1']).toBe(20);
  });

  it('spills part of the traffic to tier 1 when tier 0 is partly down, all of it when tier 0 is down, and comes back', async () => {
    await trip(primary1);
    // Tier 0 health = min(1, 1.4 × 100 ÷ 200) = 0.7: about 30 % spills to the backup.
    const partial = await spread(hw.dataUrl, 'tiers', 400);
    expect(partial['primary-1'] ?? 0).toBe(0);
    const spilled = (partial.backup ?? 0) / 400;
    expect(spilled).toBeGreaterThan(0.2);
    expect(spilled).toBeLessThan(0.4);

    await trip(primary2);
    expect(await spread(hw.dataUrl, 'tiers', 20)).toEqual({ backup: 20 });

    // Both recover: after the ejection time a trial request succeeds and closes each circuit.
    primary1.setMode({ kind: 'ok' });
    primary2.setMode({ kind: 'ok' });
    await waitFor('tier 0 to recover', async () => {
      await call(hw.dataUrl, 'tiers');
      return (await circuitOf(primary1.port)) === 'closed' && (await circuitOf(primary2.port)) === 'closed';
    });
    const back = await spread(hw.dataUrl, 'tiers', 40);
    expect(back.backup ?? 0).toBe(0);
  });
});
