import { formatSpan } from '@/lib/format';

// How the Nodes page says durations and rates: uptime, "last seen", requests per second.

/** How long a node has run: "42 s", "4 min 10 s", "3 h 12 min", "2 d 4 h". */
export function formatUptime(ms: number): string {
  const hours = Math.floor(Math.max(0, ms) / 3_600_000);
  if (hours < 24) return formatSpan(ms);
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** How long ago something was heard of: "just now", "3 s ago", "2 min ago". */
export function formatAgo(ms: number): string {
  if (ms < 1_000) return 'just now';
  return `${formatSpan(ms)} ago`;
}

/** Requests per second: one decimal below 10, whole numbers above, grouped by thousands. */
export function formatRate(perSecond: number): string {
  if (perSecond <= 0) return '0';
  if (perSecond < 10) return String(Math.round(perSecond * 10) / 10);
  return Math.round(perSecond).toLocaleString('en');
}
