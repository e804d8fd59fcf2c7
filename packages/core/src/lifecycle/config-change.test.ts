import { describe, expect, it } from 'vitest';
import { healthy } from '../test-kit.ts';
import { applyConfigChange } from './config-change.ts';

const change = { weightBefore: 100, weightAfter: 100, activeChecksOn: false, probeChanged: false };

describe('config changes keep facts', () => {
  it('raising the weight from 0 starts slow start', () => {
    expect(applyConfigChange(healthy(), { ...change, weightBefore: 0, weightAfter: 50 }, 7_000).state.facts.recoveredAt).toBe(7_000);
    expect(applyConfigChange(healthy(), { ...change, weightAfter: 50 }, 7_000).state.facts.recoveredAt).not.toBe(7_000);
  });

  it('turning checks on awaits a first check; turning them off sets active off', () => {
    const on = applyConfigChange(healthy(false), { ...change, activeChecksOn: true }, 1);
    expect(on.state.facts.active).toBe('awaiting');
    expect(on.flipped[0]).toMatchObject({ fact: 'active', from: 'off', to: 'awaiting' });
    const off = applyConfigChange(healthy(true), change, 2);
    expect(off.state.facts.active).toBe('off');
  });

  it("changing the probe's type or path resets only the active counters", () => {
    const start = healthy(true);
    const counted = { ...start, active: { ...start.active, timeouts: 2 }, circuit: { ...start.circuit, consecutiveFailures: 3 } };
    const { state, flipped } = applyConfigChange(counted, { ...change, activeChecksOn: true, probeChanged: true }, 3);
    expect(state.active).toMatchObject({ timeouts: 0, everHealthy: true, lastProbeAt: null });
    expect(state.facts).toEqual(counted.facts);
    expect(state.circuit).toBe(counted.circuit);
    expect(flipped).toEqual([]);
  });
});
