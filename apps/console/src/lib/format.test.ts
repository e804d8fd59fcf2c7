import { describe, expect, it } from 'vitest';
import { formatClock, formatLatency, formatMs, formatPct, formatSpan, formatTimestamp, hostPort } from '@/lib/format';

describe('formatMs', () => {
  it.each([
    [0, 'off'],
    [1, '1 ms'],
    [999, '999 ms'],
    [1_000, '1 s'],
    [1_500, '1.5 s'],
    [60_000, '1 min'],
    [90_000, '1.5 min'],
    [300_000, '5 min'],
    [3_600_000, '1 h'],
    [5_400_000, '1.5 h'],
    [86_400_000, '24 h'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(formatMs(ms)).toBe(text);
  });
});

describe('formatSpan', () => {
  it.each([
    [-5_000, '0 s'], // a deadline just passed never reads negative
    [0, '0 s'],
    [499, '0 s'],
    [500, '1 s'],
    [42_000, '42 s'],
    [59_499, '59 s'],
    [59_500, '1 min'],
    [60_000, '1 min'],
    [250_000, '4 min 10 s'],
    [3_599_000, '59 min 59 s'],
    [3_600_000, '1 h'],
    [7_500_000, '2 h 5 min'],
  ])('%d ms reads "%s"', (ms, text) => {
    expect(formatSpan(ms)).toBe(text);
  });
});

describe('formatLatency', () => {
  it.each([
    [null, '–'],
    [0, '<1 ms'],
    [0.9, '<1 ms'],
    [1, '1 ms'],
    [239.6, '240 ms'],
    [999.4, '999 ms'],
    [1_000, '1 s'],
    [1_840, '1.8 s'],
    [1_850, '1.9 s'],
    [59_900, '59.9 s'],
    [60_000, '1 min'],
    [150_000, '2.5 min'],
  ])('%s ms reads "%s"', (ms, text) => {
    expect(formatLatency(ms)).toBe(text);
  });
});

describe('formatPct', () => {
  it.each([
    [100, '100%'],
    [0, '0%'],
    [66.666, '66.7%'],
    [83.34, '83.3%'],
    [99.96, '100%'],
    [14.25, '14.3%'],
  ])('%d reads "%s"', (pct, text) => {
    expect(formatPct(pct)).toBe(text);
  });
});

describe('hostPort', () => {
  it.each([
    ['127.0.0.1', 8080, '127.0.0.1:8080'],
    ['api.example.com', 443, 'api.example.com:443'],
    ['::1', 8080, '[::1]:8080'],
    ['fe80::1:2', 80, '[fe80::1:2]:80'],
    ['[::1]', 8080, '[::1]:8080'], // already bracketed: not twice
  ])('%s and %d read "%s"', (host, port, text) => {
    expect(hostPort({ host, port })).toBe(text);
  });
});

describe('formatTimestamp', () => {
  const at = new Date(2026, 10, 30, 9, 5, 7).getTime();
  it("shows today's events by their time of day only", () => {
    expect(formatTimestamp(at, new Date(2026, 10, 30, 23, 0, 0).getTime())).toBe(formatClock(at));
  });
  it('shows older events with their date', () => {
    const text = formatTimestamp(at, new Date(2026, 11, 1, 0, 0, 1).getTime());
    expect(text).toBe(`${new Date(at).toLocaleDateString()} ${formatClock(at)}`);
  });
});
