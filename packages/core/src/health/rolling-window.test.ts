import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyWindow, recordOutcome, WINDOW_BUCKETS, windowTotals } from './rolling-window.ts';

const WINDOW_MS = 10_000;
const BUCKET_MS = WINDOW_MS / WINDOW_BUCKETS;

/** The rule, stated plainly: every outcome whose bucket is among the last ten counts. */
function expectedTotals(outcomes: ReadonlyArray<{ at: number; failed: boolean }>, now: number) {
  const epoch = Math.floor(now / BUCKET_MS);
  const counted = outcomes.filter(({ at }) => {
    const bucket = Math.floor(at / BUCKET_MS);
    return bucket > epoch - WINDOW_BUCKETS && bucket <= epoch;
  });
  return { total: counted.length, failed: counted.filter(({ failed }) => failed).length };
}

describe('rolling window', () => {
  it.each([
    ['empty', [], 5_000, { total: 0, failed: 0 }],
    [
      'one bucket',
      [
        { at: 100, failed: true },
        { at: 200, failed: false },
      ],
      900,
      { total: 2, failed: 1 },
    ],
    ['ten buckets back still counts', [{ at: 0, failed: true }], 9_999, { total: 1, failed: 1 }],
    ['eleven buckets back is gone', [{ at: 0, failed: true }], 10_000, { total: 0, failed: 0 }],
    [
      'a gap longer than the window',
      [
        { at: 0, failed: true },
        { at: 50_000, failed: false },
      ],
      50_000,
      { total: 1, failed: 0 },
    ],
  ])('%s', (_name, outcomes, now, totals) => {
    let window = emptyWindow(WINDOW_MS);
    for (const { at, failed } of outcomes) window = recordOutcome(window, failed, WINDOW_MS, at);
    expect(windowTotals(window, now)).toEqual(totals);
  });

  it('counts what the last ten buckets saw, for any traffic', () => {
    const steps = fc.array(fc.record({ gapMs: fc.integer({ min: 0, max: 2_500 }), failed: fc.boolean() }), { maxLength: 200 });
    fc.assert(
      fc.property(steps, fc.integer({ min: 0, max: 3_000 }), (traffic, readAfterMs) => {
        let window = emptyWindow(WINDOW_MS);
        let now = 1_000_000;
        const outcomes: Array<{ at: number; failed: boolean }> = [];
        for (const { gapMs, failed } of traffic) {
          now += gapMs;
          window = recordOutcome(window, failed, WINDOW_MS, now);
          outcomes.push({ at: now, failed });
          expect(windowTotals(window, now)).toEqual(expectedTotals(outcomes, now));
        }
        expect(windowTotals(window, now + readAfterMs)).toEqual(expectedTotals(outcomes, now + readAfterMs));
      }),
    );
  });

  it('leaves the state it was given as it was', () => {
    const before = recordOutcome(emptyWindow(WINDOW_MS), true, WINDOW_MS, 0);
    const copy = structuredClone(before);
    recordOutcome(before, false, WINDOW_MS, 0);
    recordOutcome(before, false, WINDOW_MS, 5_000);
    expect(before).toEqual(copy);
  });

  it('starts afresh when windowMs changes', () => {
    const window = recordOutcome(emptyWindow(WINDOW_MS), true, WINDOW_MS, 0);
    expect(windowTotals(recordOutcome(window, false, 20_000, 100), 100)).toEqual({ total: 1, failed: 0 });
  });
});
