import { describe, expect, it } from 'vitest';
import { retryAllowed } from './retry-budget.ts';

describe('retry budget', () => {
  it.each([
    [0, 1, true], // at least 3 concurrent retries always allowed
    [2, 1, true],
    [3, 1, false],
    [19, 100, true], // under 20 % of 100 active
    [20, 100, false],
    [3, 1_000, true],
  ])('%i retries in flight with %i active requests: %s', (retries, active, allowed) => {
    expect(retryAllowed(retries, active, 20)).toBe(allowed);
  });
});
