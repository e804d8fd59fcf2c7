import { describe, expect, it } from 'vitest';
import { healthy, passiveDefaults, roomy } from '../test-kit.ts';
import type { TrafficOutcome } from './passive-outcomes.ts';
import { classifyOutcome, observeOutcome } from './passive-outcomes.ts';

describe('passive outcomes', () => {
  it.each<[TrafficOutcome, string]>([
    [{ kind: 'connect-error' }, 'failure'],
    [{ kind: 'reset' }, 'failure'],
    [{ kind: 'timeout' }, 'failure'],
    [{ kind: 'error-after-headers' }, 'failure'],
    [{ kind: 'response', status: 500 }, 'failure'],
    [{ kind: 'response', status: 502 }, 'failure'],
    [{ kind: 'response', status: 503 }, 'failure'],
    [{ kind: 'response', status: 504 }, 'failure'],
    [{ kind: 'response', status: 501 }, 'success'],
    [{ kind: 'response', status: 200 }, 'success'],
    [{ kind: 'response', status: 404 }, 'success'], // other 4xx are the caller's
    [{ kind: 'response', status: 400 }, 'success'],
    [{ kind: 'response', status: 429 }, 'rate-limited'],
    [{ kind: 'caller-aborted' }, 'ignored'],
    [{ kind: 'drain-aborted' }, 'ignored'],
  ])('%j is a %s', (outcome, verdict) => {
    expect(classifyOutcome(outcome, passiveDefaults)).toBe(verdict);
  });

  it('honours a custom unhealthyStatuses list', () => {
    const settings = { unhealthyStatuses: ['500-599'] as (string | number)[] };
    expect(classifyOutcome({ kind: 'response', status: 501 }, settings)).toBe('failure');
  });

  it('a caller who goes away counts as nothing', () => {
    const start = healthy();
    expect(observeOutcome(start, { kind: 'caller-aborted' }, passiveDefaults, roomy, 1).state).toBe(start);
  });
});
