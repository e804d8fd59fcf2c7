// Small, consistent renderings of durations and states for dense operator views.

export function formatMs(ms: number): string {
  if (ms === 0) return 'off';
  if (ms < 1_000) return `${ms} ms`;
  if (ms < 60_000) return `${trim(ms / 1_000)} s`;
  if (ms < 3_600_000) return `${trim(ms / 60_000)} min`;
  return `${trim(ms / 3_600_000)} h`;
}

function trim(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

export function formatClock(epochMs: number): string {
  return new Date(epochMs).toLocaleTimeString(undefined, { hour12: false });
}

export function hostPort(target: { host: string; port: number }): string {
  // IPv6 literals need brackets to read as host:port.
  return target.host.includes(':') && !target.host.startsWith('[') ? `[${target.host}]:${target.port}` : `${target.host}:${target.port}`;
}

/** A remaining or elapsed duration in whole units: "42 s", "4 min 10 s", "2 h 5 min". */
export function formatSpan(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1_000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
}

/** A time to first byte: "<1 ms", "240 ms", "1.8 s", "2.5 min"; "–" without samples. */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '–';
  if (ms < 1) return '<1 ms';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${trim(Math.round(ms / 100) / 10)} s`;
  return `${trim(Math.round(ms / 6_000) / 10)} min`;
}

/** A percentage with at most one decimal, without a trailing ".0": "100%", "83.3%". */
export function formatPct(pct: number): string {
  return `${trim(Math.round(pct * 10) / 10)}%`;
}

/** An event's time: the time of day for today's, with the date for older ones. */
export function formatTimestamp(epochMs: number, now: number): string {
  const date = new Date(epochMs);
  const time = date.toLocaleTimeString(undefined, { hour12: false });
  return new Date(now).toDateString() === date.toDateString() ? time : `${date.toLocaleDateString()} ${time}`;
}
