import { describe, expect, it } from 'vitest';
import { hashKeyOf } from './hash-key.ts';
import { observeLatency } from './peak-ewma.ts';

describe('peak-EWMA latency', () => {
  it('takes a slower sample at once and decays toward faster ones', () => {
    const first = observeLatency(null, 100, 0);
    expect(observeLatency(first, 400, 10).valueMs).toBe(400);
    const decayed = observeLatency({ valueMs: 400, at: 0 }, 100, 10_000);
    expect(decayed.valueMs).toBeCloseTo(100 + 300 * Math.exp(-1), 6);
    expect(observeLatency({ valueMs: 400, at: 0 }, 100, 0).valueMs).toBe(400); // no time passed: no decay
  });
});

describe('hash keys', () => {
  const source = { headers: { 'x-user-id': 'u-7', cookie: 'a=1; session=abc ; b=2' }, clientIp: '10.0.0.9' };
  it.each([
    ['header:X-User-Id', 'u-7'],
    ['header:x-missing', null],
    ['ip', '10.0.0.9'],
    ['cookie:session', 'abc'],
    ['cookie:nope', null],
  ])('%s -> %s', (hashOn, key) => {
    expect(hashKeyOf(hashOn, source)).toBe(key);
  });
});
