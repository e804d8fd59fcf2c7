import { describe, expect, it } from 'vitest';
import { healthy, withFacts } from '../test-kit.ts';
import { progressDrain, requestDeletion, setAdminState } from './admin-state.ts';

const context = (inFlight: number) => ({ activeChecksOn: false, drainTimeoutMs: 300_000, inFlight });

describe('lifecycle: draining', () => {
  it('a drain with requests in flight waits, then ends at zero in flight', () => {
    const draining = setAdminState(healthy(), 'draining', context(2), 1_000);
    expect(draining.state.facts).toMatchObject({ admin: 'draining', drainDeadline: 301_000 });
    expect(draining.flipped).toEqual([{ fact: 'admin', from: 'enabled', to: 'draining', reason: 'set by operator', at: 1_000 }]);
    expect(progressDrain(draining.state, 1, 2_000).state.facts.admin).toBe('draining');
    const done = progressDrain(draining.state, 0, 3_000);
    expect(done.state.facts).toMatchObject({ admin: 'disabled', drainDeadline: null });
    expect(done).toMatchObject({ abortInFlight: false, remove: false });
    expect(done.flipped).toEqual([{ fact: 'admin', from: 'draining', to: 'disabled', reason: 'drained: nothing in flight', at: 3_000 }]);
  });

  it('a drain with nothing in flight ends at once', () => {
    const { state, flipped } = setAdminState(healthy(), 'draining', context(0), 1_000);
    expect(state.facts.admin).toBe('disabled');
    expect(flipped.map((flip) => flip.to)).toEqual(['draining', 'disabled']);
  });

  it('at drainTimeoutMs the remaining streams are aborted', () => {
    const draining = setAdminState(healthy(), 'draining', context(3), 0).state;
    expect(progressDrain(draining, 3, 299_999).abortInFlight).toBe(false);
    const late = progressDrain(draining, 3, 300_000);
    expect(late).toMatchObject({ abortInFlight: true, state: { facts: { admin: 'disabled' } } });
    expect(late.flipped[0]!.reason).toBe('drain timeout: 3 in flight aborted');
  });
});

describe('lifecycle: enable and disable', () => {
  it('re-enabling starts slow start; without checks the target is eligible at once', () => {
    const disabled = setAdminState(healthy(), 'disabled', context(0), 0).state;
    const { state } = setAdminState(disabled, 'enabled', context(0), 5_000);
    expect(state.facts).toMatchObject({ admin: 'enabled', active: 'off', recoveredAt: 5_000 });
  });

  it('re-enabled with active checks on, it awaits its first check again (probed at once)', () => {
    const disabled = setAdminState(healthy(true), 'disabled', context(0), 0).state;
    const { state, flipped } = setAdminState(disabled, 'enabled', { ...context(0), activeChecksOn: true }, 5_000);
    expect(state.facts).toMatchObject({ active: 'awaiting', recoveredAt: 5_000 });
    expect(state.active.lastProbeAt).toBeNull();
    expect(flipped.map((flip) => `${flip.fact}:${flip.to}`)).toEqual(['admin:enabled', 'active:awaiting']);
  });

  it('re-enabling a draining target keeps its (fresh) active state', () => {
    const draining = setAdminState(healthy(true), 'draining', context(1), 0).state;
    expect(setAdminState(draining, 'enabled', { ...context(1), activeChecksOn: true }, 1).state.facts.active).toBe('healthy');
  });

  it('setting the same state is no change', () => {
    const start = healthy();
    expect(setAdminState(start, 'enabled', context(0), 1)).toEqual({ state: start, flipped: [] });
  });
});

describe('lifecycle: deletion', () => {
  it('with nothing in flight the target goes at once', () => {
    expect(requestDeletion(healthy(), context(0), 0).remove).toBe(true);
  });

  it('with requests in flight it drains first, then goes', () => {
    const asked = requestDeletion(healthy(), context(2), 0);
    expect(asked.remove).toBe(false);
    expect(asked.state).toMatchObject({ deleting: true, facts: { admin: 'draining' } });
    expect(progressDrain(asked.state, 1, 10).remove).toBe(false);
    expect(progressDrain(asked.state, 0, 20)).toMatchObject({ remove: true, state: { facts: { admin: 'disabled' } } });
  });

  it('a disabled target with requests in flight also drains before it goes', () => {
    const disabled = withFacts(healthy(), { admin: 'disabled' });
    const asked = requestDeletion(disabled, context(1), 0);
    expect(asked.state.facts.admin).toBe('draining');
    expect(progressDrain(asked.state, 1, 300_000)).toMatchObject({ remove: true, abortInFlight: true });
  });
});
