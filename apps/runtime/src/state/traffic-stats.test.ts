import { manualClock } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import type { AccessLogLine, AttemptRecord } from '../data-plane/access-log.ts';
import { attemptVerdict, TrafficStats } from './traffic-stats.ts';

const passive = { unhealthyStatuses: [500, 502, 503, 504] };
const line = (...attempts: AttemptRecord[]): AccessLogLine => ({
  method: 'POST',
  upstream: 'pool',
  path: '/',
  status: 200,
  ms: 1,
  attempts,
});

describe("attemptVerdict (the passive checks' classification)", () => {
  it.each([
    [{ target: 't', outcome: 'response', status: 200, ms: 1 }, 'success'],
    [{ target: 't', outcome: 'response', status: 404, ms: 1 }, 'success'], // the caller's
    [{ target: 't', outcome: 'response', status: 500, ms: 1 }, 'failure'],
    [{ target: 't', outcome: 'response', status: 503, ms: 1 }, 'failure'],
    [{ target: 't', outcome: 'response', status: 429, ms: 1 }, null], // a cooldown, not a failure
    [{ target: 't', outcome: 'connect-error', ms: 1 }, 'failure'],
    [{ target: 't', outcome: 'reset', ms: 1 }, 'failure'],
    [{ target: 't', outcome: 'timeout', ms: 1 }, 'failure'],
    [{ target: 't', outcome: 'aborted', ms: 1 }, null], // the caller went away
    [{ target: 't', outcome: 'proxy-error', ms: 1 }, null],
  ] satisfies Array<[AttemptRecord, 'success' | 'failure' | null]>)('%o -> %s', (attempt, verdict) => {
    expect(attemptVerdict(attempt, passive)).toBe(verdict);
  });

  it("follows the target's own unhealthyStatuses", () => {
    expect(attemptVerdict({ target: 't', outcome: 'response', status: 500, ms: 1 }, { unhealthyStatuses: [502] })).toBe('success');
    expect(attemptVerdict({ target: 't', outcome: 'response', status: 404, ms: 1 }, { unhealthyStatuses: ['400-499'] })).toBe('failure');
  });
});

describe('TrafficStats', () => {
  it('is empty for a target without traffic', () => {
    expect(new TrafficStats(manualClock(0)).read('t')).toEqual({ requests: 0, successes: 0, failures: 0, p50Ms: null, p99Ms: null });
  });

  it('counts requests, successes and failures, and ages them out after 60 s, one second at a time', () => {
    const clock = manualClock(1_000_000);
    const stats = new TrafficStats(clock);
    stats.observe('t', 'success', 10);
    stats.observe('t', 'failure', 10);
    stats.observe('t', null, null); // e.g. a 429
    clock.advance(30_000);
    stats.observe('t', 'success', 10);
    expect(stats.read('t')).toMatchObject({ requests: 4, successes: 2, failures: 1 });
    clock.advance(29_999); // 59.999 s after the first three
    expect(stats.read('t')).toMatchObject({ requests: 4, successes: 2, failures: 1 });
    clock.advance(1); // 60 s: their second left the window
    expect(stats.read('t')).toMatchObject({ requests: 1, successes: 1, failures: 0 });
    clock.advance(30_000);
    expect(stats.read('t')).toEqual({ requests: 0, successes: 0, failures: 0, p50Ms: null, p99Ms: null });
  });

  it('reuses a slot when its second comes round again, without the old counts', () => {
    const clock = manualClock(5_000);
    const stats = new TrafficStats(clock);
    stats.observe('t', 'failure', 100);
    clock.advance(60_000); // same slot, a new second
    stats.observe('t', 'success', 2);
    expect(stats.read('t')).toEqual({ requests: 1, successes: 1, failures: 0, p50Ms: 2, p99Ms: 2 });
  });

  it('reads p50 and p99 from the histogram: never below the truth, within one bucket (26 %) above it, capped by the largest sample', () => {
    const clock = manualClock(0);
    const stats = new TrafficStats(clock);
    for (let ms = 1; ms <= 100; ms++) stats.observe('t', 'success', ms * 10); // 10, 20, ... 1000 ms
    const { p50Ms, p99Ms } = stats.read('t');
    expect(p50Ms).toBeGreaterThanOrEqual(500);
    expect(p50Ms).toBeLessThanOrEqual(500 * 1.26);
    expect(p99Ms).toBeGreaterThanOrEqual(990);
    expect(p99Ms).toBeLessThanOrEqual(1000); // the bucket's bound (1024) is capped by the max
    expect(p50Ms!).toBeLessThanOrEqual(p99Ms!);
  });

  it('keeps one outlier out of the p50 but in the p99', () => {
    const stats = new TrafficStats(manualClock(0));
    for (let index = 0; index < 99; index++) stats.observe('t', 'success', 3);
    stats.observe('t', 'success', 120_000);
    stats.observe('t', 'success', 120_000);
    const { p50Ms, p99Ms } = stats.read('t');
    expect(p50Ms).toBeLessThanOrEqual(3 * 1.26);
    expect(p99Ms).toBeGreaterThanOrEqual(120_000);
    expect(p99Ms).toBeLessThanOrEqual(120_000);
  });

  it('handles sub-millisecond and very long times (the last bucket reads as the largest sample)', () => {
    const stats = new TrafficStats(manualClock(0));
    stats.observe('a', 'success', 0);
    expect(stats.read('a')).toMatchObject({ p50Ms: 0, p99Ms: 0 });
    stats.observe('b', 'success', 3_600_000);
    expect(stats.read('b')).toMatchObject({ p50Ms: 3_600_000, p99Ms: 3_600_000 });
  });

  it("takes access log lines: every attempt to its target, classified with that target's settings, latency only from responses", () => {
    const stats = new TrafficStats(manualClock(0));
    const settings = new Map([
      ['a', passive],
      ['b', { unhealthyStatuses: [502] }],
    ]);
    const passiveOf = (_upstream: string, id: string) => settings.get(id);
    stats.observeRequest(
      line({ target: 'a', outcome: 'response', status: 503, ms: 4 }, { target: 'b', outcome: 'response', status: 200, ms: 8 }),
      passiveOf,
    );
    stats.observeRequest(
      line({ target: 'a', outcome: 'connect-error', ms: 5_000 }, { target: 'b', outcome: 'response', status: 500, ms: 8 }),
      passiveOf,
    );
    stats.observeRequest(line({ target: 'a', outcome: 'response', status: 429, ms: 2 }), passiveOf);
    stats.observeRequest(line({ target: 'a', outcome: 'proxy-error', ms: 1 }), passiveOf);
    stats.observeRequest(line({ target: 'gone', outcome: 'response', status: 200, ms: 1 }), passiveOf);
    expect(stats.read('a')).toMatchObject({ requests: 3, successes: 0, failures: 2, p99Ms: 4 }); // not the connect error's 5 s
    expect(stats.read('b')).toMatchObject({ requests: 2, successes: 2, failures: 0 }); // 500 is not unhealthy for b
    expect(stats.size).toBe(2); // nothing kept for an unknown target
  });

  it('drops a target', () => {
    const stats = new TrafficStats(manualClock(0));
    stats.observe('t', 'success', 1);
    stats.drop('t');
    expect(stats.size).toBe(0);
    expect(stats.read('t').requests).toBe(0);
  });
});
