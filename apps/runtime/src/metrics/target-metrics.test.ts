import { describe, expect, it } from 'vitest';
import { TargetMetrics } from './target-metrics.ts';

describe('probe results', () => {
  it("classifies raw results with the target's expectedStatuses and labels them host:port", () => {
    const entry = { record: { host: '10.0.0.1', port: 9101 }, checks: { active: { expectedStatuses: [200, '200-204'] as never } } };
    const metrics = new TargetMetrics({
      grid: () => ({ node: 'n', at: 0, upstreams: [] }),
      entry: (id) => (id === 't1' ? entry : undefined),
    });
    metrics.observeProbeResult('pool', 't1', { kind: 'status', status: 204 });
    metrics.observeProbeResult('pool', 't1', { kind: 'status', status: 500 });
    metrics.observeProbeResult('pool', 't1', { kind: 'timeout' });
    metrics.observeProbe('pool', 't1', 'tcp-failure');
    metrics.observeProbeResult('pool', 'gone', { kind: 'timeout' }); // no longer probed: not counted
    const target = '10.0.0.1:9101';
    expect(metrics.probes.get({ upstream: 'pool', target, result: 'pass' })).toBe(1);
    expect(metrics.probes.get({ upstream: 'pool', target, result: 'http-failure' })).toBe(1);
    expect(metrics.probes.get({ upstream: 'pool', target, result: 'timeout' })).toBe(1);
    expect(metrics.probes.get({ upstream: 'pool', target, result: 'tcp-failure' })).toBe(1);
    expect(metrics.probes.collect().samples).toHaveLength(4);
  });
});
