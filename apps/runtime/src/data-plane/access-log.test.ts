import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AccessLogLine, formatAccessLine, isoStamper } from './access-log.ts';

// The hand-built line must be exactly what JSON.stringify wrote for the same fields.
const expected = (t: string, line: AccessLogLine) => `${JSON.stringify({ t, msg: 'access', ...line })}\n`;

const attempt = fc.record(
  {
    target: fc.string({ unit: 'binary' }),
    outcome: fc.constantFrom('response', 'connect-error', 'reset', 'timeout', 'error-after-headers', 'proxy-error', 'aborted' as const),
    status: fc.integer({ min: 100, max: 599 }),
    ms: fc.integer({ min: 0, max: 10_000_000 }),
  },
  { requiredKeys: ['target', 'outcome', 'ms'] },
);

describe('formatAccessLine', () => {
  it('writes what JSON.stringify would, for any path, name and attempts', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            method: fc.constantFrom('GET', 'POST', 'DELETE'),
            upstream: fc.string({ unit: 'binary' }),
            path: fc.string({ unit: 'binary' }),
            status: fc.integer({ min: 100, max: 599 }),
            ms: fc.integer({ min: 0, max: 10_000_000 }),
            attempts: fc.array(attempt, { maxLength: 4 }),
            error: fc.constantFrom('unknown_upstream', 'no_eligible_target' as const),
          },
          { requiredKeys: ['method', 'upstream', 'path', 'status', 'ms', 'attempts'] },
        ),
        (line) => {
          const t = '2026-01-02T03:04:05.678Z';
          expect(formatAccessLine(t, line as AccessLogLine)).toBe(expected(t, line as AccessLogLine));
        },
      ),
    );
  });

  it('escapes quotes, backslashes, control characters and lone surrogates', () => {
    const line: AccessLogLine = { method: 'GET', upstream: 'a"b\\c', path: '/x\u0001\ud800y', status: 200, ms: 1, attempts: [] };
    expect(formatAccessLine('t', line)).toBe(expected('t', line));
  });
});

describe('isoStamper', () => {
  it('stamps each millisecond as ISO 8601', () => {
    const stamp = isoStamper();
    expect(stamp(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(stamp(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(stamp(1_500)).toBe('1970-01-01T00:00:01.500Z');
  });
});
