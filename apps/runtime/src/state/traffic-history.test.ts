import { manualClock } from '@headwater/core';
import { describe, expect, it } from 'vitest';
import { HISTORY_BYTES_PER_TARGET, TrafficHistory } from './traffic-history.ts';
import { TrafficStats } from './traffic-stats.ts';

const START = 1_700_000_000_000; // a slot boundary (divisible by 10 s)

describe('TrafficHistory (15 minutes at 10 s)', () => {
  it('answers 90 empty slots, oldest first, ending with the current one, for a target without traffic', () => {
    const points = new TrafficHistory().read('t', START + 4_000);
    expect(points).toHaveLength(90);
    expect(points.at(-1)).toEqual({ at: START, requests: 0, failures: 0, errorRatePct: null, p50Ms: null, p99Ms: null });
    expect(points[0]!.at).toBe(START - 89 * 10_000);
    expect(points.every((point, index) => index === 0 || point.at - points[index - 1]!.at === 10_000)).toBe(true);
  });

  it('counts each slot apart: requests, failures, the error rate among counted outcomes, and p50/p99', () => {
    const history = new TrafficHistory();
    for (let index = 0; index < 8; index++) history.observe('t', 'success', 20, START + 1_000);
    history.observe('t', 'failure', 20, START + 2_000);
    history.observe('t', 'failure', null, START + 3_000); // a connect error: no time to first byte
    history.observe('t', null, 400, START + 4_000); // a 429: a request, neither success nor failure
    history.observe('t', 'success', 40, START + 12_000); // the next slot

    const points = history.read('t', START + 15_000);
    expect(points.at(-2)).toEqual({ at: START, requests: 11, failures: 2, errorRatePct: 20, p50Ms: 20.2, p99Ms: 400 });
    expect(points.at(-1)).toEqual({ at: START + 10_000, requests: 1, failures: 0, errorRatePct: 0, p50Ms: 40, p99Ms: 40 });
  });

  it('reads the current slot while it fills, and keeps its percentiles once the next slot starts', () => {
    const clock = manualClock(START);
    const stats = new TrafficStats(clock);
    stats.observe('t', 'success', 8); // 8 ms and 4 ms are bucket bounds: read back exactly
    expect(stats.history('t').at(-1)).toMatchObject({ requests: 1, p50Ms: 8, p99Ms: 8 });
    stats.observe('t', 'success', 1_000);
    expect(stats.history('t').at(-1)).toMatchObject({ requests: 2, p50Ms: 8, p99Ms: 1_000 });
    clock.advance(10_000);
    expect(stats.history('t').slice(-2)).toMatchObject([
      { at: START, requests: 2, p50Ms: 8, p99Ms: 1_000 },
      { at: START + 10_000, requests: 0, p50Ms: null, p99Ms: null },
    ]);
    stats.observe('t', 'failure', 4);
    expect(stats.history('t').slice(-2)).toMatchObject([
      { requests: 2, p50Ms: 8, p99Ms: 1_000 },
      { requests: 1, failures: 1, errorRatePct: 100, p50Ms: 4, p99Ms: 4 },
    ]);
  });

  it('ages a slot out after 15 minutes and reuses it without its old figures', () => {
    const history = new TrafficHistory();
    history.observe('t', 'failure', 500, START);
    expect(history.read('t', START + 899_999)[0]).toMatchObject({ at: START, requests: 1, failures: 1, p99Ms: 500 });
    expect(history.read('t', START + 900_000).every((point) => point.requests === 0)).toBe(true);
    history.observe('t', 'success', 5, START + 900_000); // the same ring slot, 15 minutes on
    expect(history.read('t', START + 900_000).at(-1)).toMatchObject({ requests: 1, failures: 0, p50Ms: 5, p99Ms: 5 });
    expect(history.read('t', START + 900_000).filter((point) => point.requests > 0)).toHaveLength(1);
  });

  it('skips quiet slots: traffic minutes apart lands in its own slots, the slots between are empty', () => {
    const history = new TrafficHistory();
    history.observe('t', 'success', 8, START);
    history.observe('t', 'success', 64, START + 300_000); // five minutes later
    const points = history.read('t', START + 300_000);
    expect(points.filter((point) => point.requests > 0).map((point) => [point.at, point.p50Ms])).toEqual([
      [START, 8],
      [START + 300_000, 64],
    ]);
  });

  it('is dropped with the target, and costs a fixed size per target whatever the traffic', () => {
    const clock = manualClock(START);
    const stats = new TrafficStats(clock);
    for (let index = 0; index < 10_000; index++) {
      clock.advance(97); // over 16 minutes: every slot used, some twice
      stats.observe('busy', index % 3 === 0 ? 'failure' : 'success', index % 700);
    }
    expect(stats.history('busy').filter((point) => point.requests > 0)).toHaveLength(90);
    stats.drop('busy');
    expect(stats.size).toBe(0);
    expect(stats.history('busy').every((point) => point.requests === 0)).toBe(true);
    expect(HISTORY_BYTES_PER_TARGET).toBe(3_488);
  });
});
