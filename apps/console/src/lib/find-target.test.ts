import { describe, expect, it } from 'vitest';
import { findTarget } from '@/lib/find-target';
import { gridSnapshot, gridTarget, targetView, upstreamView } from '@/lib/test-views';

const configured = targetView({ id: 't-1', host: '127.0.0.1', port: 9101 });
const list = [upstreamView({ name: 'other' }), upstreamView({ name: 'chat', targets: [configured] })];

describe('findTarget', () => {
  it('finds a configured target and its upstream, before the live grid knows it', () => {
    expect(findTarget('t-1', list, undefined)).toEqual({
      upstream: 'chat',
      host: '127.0.0.1',
      port: 9101,
      config: configured,
      live: undefined,
    });
  });

  it('adds the live state when the grid has it', () => {
    const live = gridTarget({ id: 't-1', host: '127.0.0.1', port: 9101, state: 'unhealthy' });
    expect(findTarget('t-1', list, gridSnapshot([{ name: 'chat', targets: [live] }]))?.live).toBe(live);
  });

  it('finds a target only the grid still shows (deleted, finishing what is in flight)', () => {
    const live = gridTarget({ id: 't-9', host: '10.0.0.9', port: 443 });
    expect(findTarget('t-9', list, gridSnapshot([{ name: 'chat', targets: [live] }]))).toEqual({
      upstream: 'chat',
      host: '10.0.0.9',
      port: 443,
      config: undefined,
      live,
    });
  });

  it('finds nothing for an unknown id', () => {
    expect(findTarget('nope', list, gridSnapshot([]))).toBeUndefined();
  });
});
