import { describe, expect, it } from 'vitest';
import { activeDefaults, healthy, probeSettings, withFacts } from '../test-kit.ts';
import type { ProbeResult } from './active-checks.ts';
import { classifyProbe, observeProbe } from './active-checks.ts';
import type { TargetHealth } from './target-health.ts';
import { initialHealth } from './target-health.ts';

const pass: ProbeResult = { kind: 'status', status: 200 };
const http503: ProbeResult = { kind: 'status', status: 503 };
const refused: ProbeResult = { kind: 'tcp-failure', detail: 'ECONNREFUSED' };
const timeout: ProbeResult = { kind: 'timeout' };

function run(start: TargetHealth, results: ProbeResult[], settings = probeSettings) {
  let state = start;
  const flips = [];
  let now = 0;
  for (const result of results) {
    now += 1_000;
    const observed = observeProbe(state, result, settings, now);
    state = observed.state;
    flips.push(...observed.flipped);
  }
  return { state, flips };
}

const unhealthyOnce = () => run(healthy(true), [timeout, timeout, timeout]).state;

describe('active checks: counters (Kong rule)', () => {
  it.each([
    ['3 HTTP failures flip healthy to unhealthy', [http503, http503, http503], 'unhealthy', '3 HTTP failures (last 503)'],
    ['3 TCP failures flip it', [refused, refused, refused], 'unhealthy', '3 TCP failures (ECONNREFUSED)'],
    ['3 timeouts flip it', [timeout, timeout, timeout], 'unhealthy', '3 timeouts'],
    ['2 failures do not', [timeout, timeout], 'healthy', '2 successes'],
    ['a pass clears the failure counters', [timeout, timeout, pass, timeout, timeout], 'healthy', '2 successes'],
    [
      'thresholds are separate: mixed failures never add up',
      [timeout, refused, http503, timeout, refused, http503],
      'healthy',
      '2 successes',
    ],
  ])('%s', (_name, results, active, reason) => {
    const { state } = run(healthy(true), results as ProbeResult[]);
    expect(state.facts.active).toBe(active);
    expect(state.facts.activeReason).toBe(reason);
  });

  it('honours each threshold on its own', () => {
    const settings = {
      ...probeSettings,
      active: { ...activeDefaults, unhealthy: { ...activeDefaults.unhealthy, timeouts: 1, tcpFailures: 5 } },
    };
    expect(run(healthy(true), [timeout], settings).state.facts.active).toBe('unhealthy');
    expect(run(healthy(true), [refused, refused, refused, refused], settings).state.facts.active).toBe('healthy');
    expect(run(healthy(true), [refused, refused, refused, refused, refused], settings).state.facts.active).toBe('unhealthy');
  });

  it('an unhealthy target needs healthy.successes passes; a failure clears successes', () => {
    expect(run(unhealthyOnce(), [pass]).state.facts.active).toBe('unhealthy');
    expect(run(unhealthyOnce(), [pass, timeout, pass]).state.facts.active).toBe('unhealthy');
    const back = run(unhealthyOnce(), [pass, pass]);
    expect(back.state.facts).toMatchObject({ active: 'healthy', activeReason: '2 successes', recoveredAt: 2_000 });
  });

  it('awaiting first check: one pass is enough, and it starts slow start', () => {
    const { state, flips } = run(initialHealth('enabled', true, 0), [pass]);
    expect(state.facts).toMatchObject({ active: 'healthy', activeReason: 'first check passed', recoveredAt: 1_000 });
    expect(flips).toEqual([{ fact: 'active', from: 'awaiting', to: 'healthy', reason: 'first check passed', at: 1_000 }]);
  });

  it('one pass is enough until the target has been healthy once', () => {
    const neverHealthy = run(initialHealth('enabled', true, 0), [timeout, timeout, timeout]);
    expect(neverHealthy.state.facts.active).toBe('unhealthy');
    expect(run(neverHealthy.state, [pass]).state.facts.active).toBe('healthy');
  });

  it('reports exactly one flip per transition and none while nothing changes', () => {
    const { flips } = run(healthy(true), [timeout, timeout, timeout, timeout, timeout, pass, pass, pass]);
    expect(flips.map((flip) => `${flip.from}->${flip.to}`)).toEqual(['healthy->unhealthy', 'unhealthy->healthy']);
  });

  it('ignores probes while checks are off', () => {
    const off = healthy(false);
    expect(observeProbe(off, timeout, probeSettings, 1).state).toBe(off);
  });

  it('matches expected statuses, ranges included', () => {
    const settings = { expectedStatuses: [204, '300-302'] as (number | string)[] };
    expect([200, 204, 301, 303].map((status) => classifyProbe({ kind: 'status', status }, settings))).toEqual([
      'http-failure',
      'pass',
      'pass',
      'http-failure',
    ]);
    expect(classifyProbe({ kind: 'connected' }, settings)).toBe('pass');
  });
});

describe('active checks and the circuit', () => {
  const openAt = (openedAt: number, until: number): TargetHealth => {
    const base = withFacts(healthy(true), { circuit: 'open', circuitOpenUntil: until });
    return { ...base, circuit: { ...base.circuit, openedAt, opensInRow: 3 } };
  };

  it('an active pass half-opens an open circuit only after baseEjectionMs', () => {
    const early = observeProbe(openAt(0, 90_000), { kind: 'status', status: 200 }, probeSettings, 29_999);
    expect(early.state.facts.circuit).toBe('open');
    const late = observeProbe(openAt(0, 90_000), { kind: 'status', status: 200 }, probeSettings, 30_000);
    expect(late.state.facts.circuit).toBe('half-open');
    expect(late.flipped).toContainEqual(expect.objectContaining({ fact: 'circuit', from: 'open', to: 'half-open' }));
  });

  it('a failed probe never touches the circuit', () => {
    const state = openAt(0, 90_000);
    expect(observeProbe(state, { kind: 'timeout' }, probeSettings, 60_000).state.facts.circuit).toBe('open');
  });
});
