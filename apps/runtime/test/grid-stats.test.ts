import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendMode, FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, closedPort, gridCell, startWithBackends, stopAll, type TestRuntime, waitFor } from './harness.ts';
import { fastActiveChecks } from './support/fast-active-checks.ts';
import { waitForCell } from './support/wait-for-cell.ts';

// The grid's traffic figures (last 60 s), end to end: requests through the real data plane,
// read back from the admin API's grid.

let hw: TestRuntime;
let primary: FakeBackend;
let backup: FakeBackend;
beforeAll(async () => {
  [hw, primary, backup] = (await startWithBackends('primary', 'backup')) as [TestRuntime, FakeBackend, FakeBackend];
});
afterAll(() => stopAll(hw, primary, backup));

const tiersOf = async (upstream: string) => (await hw.client.states.get.query()).upstreams.find((u) => u.name === upstream)!.tiers;

describe('grid traffic figures', () => {
  it("show each target's requests, success rate and TTFB percentiles, and each tier's share of the traffic", async () => {
    await hw.client.upstreams.create.mutate({
      name: 'stats',
      slowStartMs: 0,
      retries: 1, // a 503 at the primary is retried at the backup (tier 1); a 500 is not retried
      // No circuit trips: every request reaches the primary first.
      healthChecks: { passive: { consecutiveFailures: 100, minRequests: 1000 } },
      targets: [
        { host: '127.0.0.1', port: primary.port, priority: 0 },
        { host: '127.0.0.1', port: backup.port, priority: 1 },
      ],
    });
    const ok: BackendMode = { kind: 'ok' };
    const fail500: BackendMode = { kind: 'status', status: 500 };
    const fail503: BackendMode = { kind: 'status', status: 503 };
    // 20 requests: 4 × 500 and 4 × 503 at the primary, never two failures in a row.
    primary.queue(ok, fail500, ok, fail503, ok, fail500, ok, fail503, ok, fail500, ok, fail503, ok, fail500, ok, fail503, ok, ok, ok, ok);
    const statuses: number[] = [];
    for (let index = 0; index < 20; index++) statuses.push((await call(hw.dataUrl, 'stats')).status);
    expect(statuses.filter((status) => status === 500)).toHaveLength(4); // relayed as they were
    expect(statuses.filter((status) => status === 200)).toHaveLength(16); // 12 at the primary, 4 retried at the backup

    const first = (await gridCell(hw, 'stats', primary.port))!;
    expect(first).toMatchObject({ requests60s: 20, successRatePct: 60 }); // 12 of 20
    expect(first.p50Ms).not.toBeNull();
    expect(first.p99Ms).not.toBeNull();
    expect(first.p50Ms!).toBeLessThanOrEqual(first.p99Ms!);
    expect(await gridCell(hw, 'stats', backup.port)).toMatchObject({ requests60s: 4, successRatePct: 100 });

    const tiers = await tiersOf('stats');
    expect(tiers.map((tier) => tier.priority)).toEqual([0, 1]);
    expect(tiers.map((tier) => tier.requests60s)).toEqual([20, 4]);
    expect(tiers[0]!.sharePct).toBeCloseTo((20 / 24) * 100, 0);
    expect(tiers[1]!.sharePct).toBeCloseTo((4 / 24) * 100, 0);
    expect(tiers[0]!.sharePct + tiers[1]!.sharePct).toBeCloseTo(100, 0);

    // A 429 is a cooldown, not a failure: it counts as a request, not against the success rate.
    primary.queue({ kind: 'status', status: 429, retryAfter: '1' });
    expect((await call(hw.dataUrl, 'stats')).status).toBe(200); // retried at the backup
    expect(await gridCell(hw, 'stats', primary.port)).toMatchObject({ requests60s: 21, successRatePct: 60 });
    expect(await gridCell(hw, 'stats', backup.port)).toMatchObject({ requests60s: 5, successRatePct: 100 });
    expect((await tiersOf('stats')).map((tier) => tier.requests60s)).toEqual([21, 5]);
  });

  it('starts empty: no rate and no percentiles before any traffic, every tier at 0 %', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'quiet',
      slowStartMs: 0, // new targets take their full weight at once
      targets: [
        { host: '127.0.0.1', port: primary.port, priority: 0 },
        { host: '127.0.0.1', port: backup.port, priority: 2 },
      ],
    });
    const cell = await waitFor('the quiet cell', () => gridCell(hw, 'quiet', primary.port));
    expect(cell).toMatchObject({ requests60s: 0, successRatePct: null, p50Ms: null, p99Ms: null });
    // Measured: nothing yet. Computed: every target is eligible, so the best tier takes it all.
    expect(await tiersOf('quiet')).toEqual([
      { priority: 0, sharePct: 0, requests60s: 0, computedSharePct: 100 },
      { priority: 2, sharePct: 0, requests60s: 0, computedSharePct: 0 },
    ]);
  });

  it("computes each tier's share by the spill rule, beside the measured one, and the measured share converges to it", async () => {
    const dead = await closedPort();
    await hw.client.upstreams.create.mutate({
      name: 'spilling',
      slowStartMs: 0,
      retries: 0,
      overprovisioningFactor: 1.4,
      healthChecks: { active: { ...fastActiveChecks, type: 'tcp' } },
      targets: [
        { host: '127.0.0.1', port: primary.port, priority: 0 },
        { host: '127.0.0.1', port: dead, priority: 0 }, // half of tier 0's weight down: health 1.4 × 100 ÷ 200 = 0.7
        { host: '127.0.0.1', port: backup.port, priority: 1 },
      ],
    });
    await waitForCell(hw, 'the dead target to be unhealthy', { upstream: 'spilling', port: dead }, (cell) => cell.active === 'unhealthy');
    await waitForCell(
      hw,
      'the backup to pass its checks',
      { upstream: 'spilling', port: backup.port },
      (cell) => cell.active === 'healthy',
    );
    await waitForCell(
      hw,
      'the primary to pass its checks',
      { upstream: 'spilling', port: primary.port },
      (cell) => cell.active === 'healthy',
    );
    expect((await tiersOf('spilling')).map((tier) => tier.computedSharePct)).toEqual([70, 30]);

    for (let index = 0; index < 300; index++) expect((await call(hw.dataUrl, 'spilling')).status).toBe(200);
    const [best, spill] = await tiersOf('spilling');
    // 300 draws at 70 / 30: one standard deviation is 2.6 points; 12 points is over four of them.
    expect(Math.abs(best!.sharePct - best!.computedSharePct)).toBeLessThan(12);
    expect(Math.abs(spill!.sharePct - spill!.computedSharePct)).toBeLessThan(12);
  });

  it('never shows a disabled or draining target as awaiting its first check', async () => {
    await hw.client.upstreams.create.mutate({
      name: 'switched-off',
      healthChecks: { active: { ...fastActiveChecks, type: 'tcp' } },
      targets: [
        { host: '127.0.0.1', port: primary.port, adminState: 'disabled' },
        { host: '127.0.0.1', port: backup.port, adminState: 'draining' },
      ],
    });
    const disabled = await waitFor('the disabled cell', () => gridCell(hw, 'switched-off', primary.port));
    expect(disabled).toMatchObject({ state: 'disabled', reasons: ['disabled by operator'] });
    const draining = await waitFor('the draining cell', () => gridCell(hw, 'switched-off', backup.port));
    expect(draining.reasons).not.toContain('awaiting first check');
  });
});
