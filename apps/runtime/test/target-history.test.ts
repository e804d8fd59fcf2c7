import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, gridCell, rejection, startWithBackends, stopAll, type TestRuntime } from './harness.ts';

// targets.history end to end: requests through the real data plane, read back as 90 slots of
// 10 s by the same rules as the grid's 60 s figures.

let hw: TestRuntime;
let backend: FakeBackend;
beforeAll(async () => {
  [hw, backend] = (await startWithBackends('charted')) as [TestRuntime, FakeBackend];
});
afterAll(() => stopAll(hw, backend));

describe('targets.history', () => {
  it('answers 15 minutes at 10 s for this node: the traffic in its slots, by the grid’s rules, empty slots before it', async () => {
    const startedAt = Date.now();
    const { targets } = await hw.client.upstreams.create.mutate({
      name: 'charted',
      slowStartMs: 0,
      retries: 0,
      healthChecks: { passive: { consecutiveFailures: 100, minRequests: 1000 } }, // no circuit: every request reaches it
      targets: [{ host: '127.0.0.1', port: backend.port }],
    });
    const id = targets[0]!.id;
    backend.queue(...Array.from({ length: 4 }, () => ({ kind: 'status' as const, status: 500 })));
    for (let index = 0; index < 16; index++) await call(hw.dataUrl, 'charted');

    const history = await hw.client.targets.history.query({ id });
    const readAt = Date.now();
    expect(history).toMatchObject({ id, node: 'test-node', resolutionMs: 10_000, windowMs: 900_000 });
    expect(history.points).toHaveLength(90);
    const last = history.points.at(-1)!;
    expect(last.at % 10_000).toBe(0);
    expect(last.at).toBeLessThanOrEqual(readAt);
    expect(last.at).toBeGreaterThan(readAt - 20_000); // the current slot (the read may cross a boundary)
    expect(history.points.every((point, index) => index === 0 || point.at - history.points[index - 1]!.at === 10_000)).toBe(true);

    // The traffic may straddle a slot boundary: it is in the slots since the upstream was made, and nowhere else.
    const since = history.points.filter((point) => point.at + 10_000 > startedAt);
    const before = history.points.filter((point) => point.at + 10_000 <= startedAt);
    expect(before.every((point) => point.requests === 0 && point.p50Ms === null && point.errorRatePct === null)).toBe(true);
    expect(since.reduce((sum, point) => sum + point.requests, 0)).toBe(16);
    expect(since.reduce((sum, point) => sum + point.failures, 0)).toBe(4);
    const busy = since.filter((point) => point.requests > 0);
    for (const point of busy) {
      expect(point.errorRatePct).toBeCloseTo((point.failures / point.requests) * 100, 0); // every outcome here is counted
      expect(point.p50Ms).not.toBeNull();
      expect(point.p50Ms!).toBeLessThanOrEqual(point.p99Ms!);
    }

    // The grid's 60 s figures count the same attempts.
    expect(await gridCell(hw, 'charted', backend.port)).toMatchObject({ requests60s: 16, successRatePct: 75 });
  });

  it('is NOT_FOUND for an id this node does not know, and for a target once it is deleted', async () => {
    const unknown = await rejection(hw.client.targets.history.query({ id: 'no-such-target' }));
    expect(unknown.data).toMatchObject({ code: 'NOT_FOUND', headwaterCode: 'unknown_target' });

    const { targets } = await hw.client.upstreams.create.mutate({
      name: 'short-lived',
      targets: [{ host: '127.0.0.1', port: backend.port }],
    });
    expect((await hw.client.targets.history.query({ id: targets[0]!.id })).points).toHaveLength(90);
    await hw.client.targets.delete.mutate({ id: targets[0]!.id });
    const gone = await rejection(hw.client.targets.history.query({ id: targets[0]!.id }));
    expect(gone.data).toMatchObject({ code: 'NOT_FOUND', headwaterCode: 'unknown_target' });
  });
});
