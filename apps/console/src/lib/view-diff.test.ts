import { activeHealthCheckSchema } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { targetView, upstreamView } from '@/lib/test-views';
import { viewChanges } from '@/lib/view-diff';

const a = targetView({ id: 't-1', host: '127.0.0.1', port: 9101, headers: { 'x-api-key': '••••' } });
const before = upstreamView({ name: 'pool', version: 3, targets: [a] });

describe('viewChanges', () => {
  it('finds nothing between a copy and itself, nor in ids and versions', () => {
    expect(viewChanges(before, { ...before, version: 4, id: 'other' })).toEqual([]);
  });

  it('names each changed setting with its label and both values', () => {
    const after = { ...before, retries: 5, timeouts: { ...before.timeouts, connectMs: 1_000 }, retryOn: [] };
    expect(viewChanges(before, after)).toEqual([
      { path: 'retries', label: 'Retries', from: '2', to: '5' },
      { path: 'retryOn', label: 'Retry on', from: 'connect-error, reset, 502, 503, 504, 429', to: '(none)' },
      { path: 'timeouts.connectMs', label: 'Connect (ms)', from: '5000', to: '1000' },
    ]);
  });

  it('names a target by its address, and a whole target added or removed once', () => {
    const b = targetView({ id: 't-2', host: '127.0.0.1', port: 9102 });
    const after = { ...before, targets: [{ ...a, id: 't-9', weight: 10 }, b] };
    expect(viewChanges(before, after)).toEqual([
      { path: 'targets.127.0.0.1:9101.weight', label: 'Target 127.0.0.1:9101 · weight', from: '100', to: '10' },
      { path: 'targets.127.0.0.1:9102', label: 'Target 127.0.0.1:9102', from: 'absent', to: 'present' },
    ]);
  });

  it('compares secrets only as the API shows them, masked', () => {
    const after = { ...before, targets: [{ ...a, headers: { 'x-api-key': '••••wxyz' } }] };
    expect(viewChanges(before, after)).toEqual([
      {
        path: 'targets.127.0.0.1:9101.headers.x-api-key',
        label: 'Target 127.0.0.1:9101 · headers.x-api-key',
        from: '••••',
        to: '••••wxyz',
      },
    ]);
  });

  it('says a block was turned on or off once, not once per field', () => {
    const after = { ...before, healthChecks: { ...before.healthChecks, active: { ...activeDefaults(), path: '/ready' } } };
    expect(viewChanges(before, after)).toEqual([{ path: 'healthChecks.active', label: 'Active checks', from: 'off', to: 'on' }]);
    expect(viewChanges(after, before)).toEqual([{ path: 'healthChecks.active', label: 'Active checks', from: 'on', to: 'off' }]);
  });

  it('names a changed field inside a block that stayed on', () => {
    const on = { ...before, healthChecks: { ...before.healthChecks, active: { ...activeDefaults() } } };
    const after = { ...on, healthChecks: { ...on.healthChecks, active: { ...activeDefaults(), path: '/ready' } } };
    expect(viewChanges(on, after)).toEqual([{ path: 'healthChecks.active.path', label: 'Path', from: '/health', to: '/ready' }]);
  });
});

function activeDefaults() {
  return activeHealthCheckSchema.parse({});
}
