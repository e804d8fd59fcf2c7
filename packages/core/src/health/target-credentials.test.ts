import { describe, expect, it } from 'vitest';
import { applyConfigChange } from '../lifecycle/config-change.ts';
import { healthy } from '../test-kit.ts';
import { isEligible } from './facts.ts';
import { clearTargetCredentials, observeTargetCredentials } from './target-credentials.ts';

const now = 1_800_000_000_000;
const rejected = () => observeTargetCredentials(healthy(), 401, true, now).state;
const unchangedEdit = { weightBefore: 100, weightAfter: 100, activeChecksOn: false, probeChanged: false };

describe('credentials on a target', () => {
  it('a 401 to injected headers sets the fact once, and the target is not eligible', () => {
    const { state, flipped } = observeTargetCredentials(healthy(), 401, true, now);
    expect(state.facts.credentials).toEqual({ status: 'rejected', reason: 'credentials rejected (401)', since: now });
    expect(flipped).toEqual([{ fact: 'credentials', from: 'accepted', to: 'rejected', reason: 'credentials rejected (401)', at: now }]);
    expect(isEligible(state.facts, 100, now)).toBe(false);
    expect(observeTargetCredentials(state, 403, true, now + 1)).toEqual({ state, flipped: [] });
  });

  it("the caller's own 401 (no injected headers) changes nothing", () => {
    const health = healthy();
    expect(observeTargetCredentials(health, 401, false, now)).toEqual({ state: health, flipped: [] });
  });

  it('an operator clears it, and slow start runs from then', () => {
    const { state, flipped } = clearTargetCredentials(rejected(), { kind: 'operator', by: 'ops' }, now + 5_000);
    expect(state.facts.credentials.status).toBe('accepted');
    expect(state.facts.recoveredAt).toBe(now + 5_000);
    expect(flipped).toEqual([{ fact: 'credentials', from: 'rejected', to: 'accepted', reason: 'cleared by ops', at: now + 5_000 }]);
  });

  it('a probe clears it only when it carried the same headers', () => {
    const state = rejected();
    expect(clearTargetCredentials(state, { kind: 'probe-passed', sameHeaders: false }, now + 1)).toEqual({ state, flipped: [] });
    expect(clearTargetCredentials(state, { kind: 'probe-passed', sameHeaders: true }, now + 1).state.facts.credentials.status).toBe(
      'accepted',
    );
  });

  it('a config edit clears it only when the target itself changed', () => {
    const state = rejected();
    expect(applyConfigChange(state, unchangedEdit, now + 1)).toEqual({ state, flipped: [] });
    const edited = applyConfigChange(state, { ...unchangedEdit, targetChanged: true }, now + 1);
    expect(edited.state.facts.credentials.status).toBe('accepted');
    expect(edited.flipped).toMatchObject([{ fact: 'credentials', to: 'accepted', reason: 'target config changed' }]);
    expect(applyConfigChange(healthy(), { ...unchangedEdit, targetChanged: true }, now).flipped).toEqual([]);
  });
});
