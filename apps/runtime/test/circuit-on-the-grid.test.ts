import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FakeBackend } from '../demo/fake-ai-backend.ts';
import { call, gridCell, resetGateway, startWithBackends, stopAll, storedEvents, type TestRuntime, waitFor } from './harness.ts';
import { waitForCell } from './support/wait-for-cell.ts';

// What the grid shows of a circuit, and what the max ejection share counts, through the real
// data plane and the real admin API.

let hw: TestRuntime;
let a: FakeBackend;
let b: FakeBackend;
beforeAll(async () => {
  [hw, a, b] = (await startWithBackends('a', 'b')) as [TestRuntime, FakeBackend, FakeBackend];
});
afterAll(() => stopAll(hw, a, b));
afterEach(() => resetGateway(hw, a, b));

const pair = (name: string, passive: Record<string, unknown>) =>
  hw.client.upstreams.create.mutate({
    name,
    retries: 0,
    slowStartMs: 0, // no ramp of its own: whatever slow start the grid shows comes from the circuit
    healthChecks: { passive: { consecutiveFailures: 1, ...passive } },
    targets: [
      { host: '127.0.0.1', port: a.port },
      { host: '127.0.0.1', port: b.port },
    ],
  });

/** Sends requests until `a` has failed once (round-robin alternates a and b). */
async function failAtA(upstream: string): Promise<void> {
  a.setMode({ kind: 'status', status: 500 });
  await waitFor(`a's circuit in ${upstream} to open`, async () => {
    await call(hw.dataUrl, upstream);
    return (await gridCell(hw, upstream, a.port))?.circuit === 'open';
  });
}

describe('a half-open circuit on the grid', () => {
  it('shows Healthy at the slow-start factor 0.1, with its trial requests as the reason', async () => {
    await pair('trial', { baseEjectionMs: 300, halfOpenRequests: 3, maxEjectionPct: 100 });
    await failAtA('trial');
    const halfOpen = await waitForCell(hw, 'half-open', { upstream: 'trial', port: a.port }, (cell) => cell.circuit === 'half-open');
    expect(halfOpen).toMatchObject({ state: 'healthy', circuit: 'half-open', slowStartPct: 10 });
    expect(halfOpen.reasons).toContain('circuit half-open: 3 trial requests');

    // Three trials succeed: the circuit closes and the target serves at full weight (slowStartMs 0).
    a.setMode({ kind: 'ok' });
    const closed = await waitFor('the circuit to close', async () => {
      await call(hw.dataUrl, 'trial');
      const cell = await gridCell(hw, 'trial', a.port);
      return cell?.circuit === 'closed' ? cell : undefined;
    });
    expect(closed).toMatchObject({ state: 'healthy', slowStartPct: null, reasons: [] });
  });
});

describe('the max ejection share', () => {
  it('still counts an open circuit after its upstream is renamed: a rename frees no extra ejection', async () => {
    // Two targets at 50 %: max(1, floor(2 × 50 ÷ 100)) = 1 circuit may be open.
    await pair('before-rename', { baseEjectionMs: 60_000, maxEjectionPct: 50 });
    await failAtA('before-rename');
    await hw.client.upstreams.update.mutate({ name: 'before-rename', changes: { name: 'after-rename' } });
    expect(await gridCell(hw, 'after-rename', a.port)).toMatchObject({ circuit: 'open' }); // the rename kept the facts

    // b now fails too: its trip must be suppressed, as it would have been before the rename.
    b.setMode({ kind: 'status', status: 500 });
    const bId = (await gridCell(hw, 'after-rename', b.port))!.id;
    const [judged] = await waitFor("b's trip to be judged", async () => {
      await call(hw.dataUrl, 'after-rename');
      const events = (await storedEvents(hw.databaseUrl, 'after-rename')).filter((e) => e.kind === 'circuit' && e.targetId === bId);
      return events.length > 0 ? events : undefined;
    });
    expect(judged).toMatchObject({ from: 'closed', to: 'closed (suppressed)' });
    expect(judged!.reason).toMatch(/max ejection share reached \(1 of 1\)/);
    expect(await gridCell(hw, 'after-rename', b.port)).toMatchObject({ circuit: 'closed' });
  });
});
