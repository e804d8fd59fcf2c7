import { describe, expect, it } from 'vitest';
import { cellLook } from '@/lib/cell-look';
import { gridTarget } from '@/lib/test-views';

const target = { id: 't-1', host: '127.0.0.1', port: 9101 };

describe('cellLook', () => {
  it('shows a healthy target at full weight as healthy, without a ramp', () => {
    expect(cellLook({ adminState: 'enabled', live: gridTarget(target) })).toEqual({
      state: 'healthy',
      badge: 'healthy',
      ramp: null,
      spoken: 'healthy',
      note: null,
    });
  });

  it('shows slow start as a ramp', () => {
    const look = cellLook({ adminState: 'enabled', live: gridTarget({ ...target, slowStartPct: 40 }) });
    expect(look.ramp).toEqual({ label: 'Slow start', pct: 40 });
    expect(look.spoken).toBe('healthy, slow start at 40%');
  });

  it('shows a half-open circuit as such, with its 10 % trial share, while reporting the state as healthy', () => {
    const live = gridTarget({ ...target, circuit: 'half-open', slowStartPct: 10, reasons: ['circuit half-open: 1 trial request'] });
    expect(cellLook({ adminState: 'enabled', live })).toEqual({
      state: 'healthy',
      badge: 'half-open',
      ramp: { label: 'Trial share', pct: 10 },
      spoken: 'healthy, circuit half-open: 10% trial share',
      note: null,
    });
  });

  // The runtime's display state and reasons carry both AI-service facts: the cell shows them as they come.
  it('shows a target that refused its key as unhealthy, and one with a low quota as healthy', () => {
    const rejected = gridTarget({ ...target, state: 'unhealthy', reasons: ['credentials rejected (401)'] });
    expect(cellLook({ adminState: 'enabled', live: rejected })).toMatchObject({
      state: 'unhealthy',
      badge: 'unhealthy',
      spoken: 'unhealthy',
    });
    const lowQuota = gridTarget({ ...target, reasons: ['quota 7 % · resets in 12 s'] });
    expect(cellLook({ adminState: 'enabled', live: lowQuota })).toMatchObject({ state: 'healthy', badge: 'healthy', ramp: null });
  });

  it('lets Disabled and Draining win over a half-open circuit, as the runtime orders states', () => {
    const disabled = gridTarget({ ...target, adminState: 'disabled', state: 'disabled', circuit: 'half-open' });
    expect(cellLook({ adminState: 'disabled', live: disabled }).badge).toBe('disabled');
    const draining = gridTarget({ ...target, adminState: 'draining', state: 'draining', circuit: 'half-open' });
    expect(cellLook({ adminState: 'draining', live: draining }).badge).toBe('draining');
  });

  it('never has a disabled target wait for anything, live data or not', () => {
    expect(cellLook({ adminState: 'disabled', live: undefined })).toEqual({
      state: 'disabled',
      badge: 'disabled',
      ramp: null,
      spoken: 'disabled',
      note: null,
    });
  });

  it('says an enabled target without live data is awaiting it', () => {
    const look = cellLook({ adminState: 'enabled', live: undefined });
    expect(look).toMatchObject({ state: 'unknown', badge: 'unknown', note: 'awaiting live state', spoken: 'no live data yet' });
  });
});
