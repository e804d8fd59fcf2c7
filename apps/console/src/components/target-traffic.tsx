import type { GridTarget } from '@/lib/api-types';
import { formatLatency, formatPct, hostPort } from '@/lib/format';
import './target-cell.css';

// A cell's traffic over the last 60 s, as the runtime counts it: success rate by the passive
// checks' rules (a 429 or a caller who left is neither), attempts, and time to first byte.

function rateClass(pct: number | null): string | undefined {
  if (pct === null || pct >= 99) return undefined;
  return pct >= 90 ? 'text-draining' : 'text-unhealthy';
}

export function TargetTraffic({ live }: { live: GridTarget }) {
  const address = hostPort(live);
  const rate = live.successRatePct;
  return (
    <dl className="cell-metrics cell-traffic" aria-label={`${address} traffic, last 60 s`}>
      <div title="Successes ÷ (successes + failures) over the last 60 s. A status in unhealthyStatuses or a transport failure fails; a 429 or a caller who went away counts as neither.">
        <dt>Success 60 s</dt>
        <dd data-testid={`success-${address}`} data-value={rate ?? ''} className={rateClass(rate)}>
          {rate === null ? '–' : formatPct(rate)}
        </dd>
      </div>
      <div title="Attempts sent to this target over the last 60 s, retries included.">
        <dt>Req 60 s</dt>
        <dd data-testid={`requests-${address}`}>{live.requests60s}</dd>
      </div>
      <div title="Time to first byte over the last 60 s: median / 99th percentile (histogram, at most 26 % above the exact value).">
        <dt>p50 / p99</dt>
        <dd>
          <span data-testid={`p50-${address}`} data-value={live.p50Ms ?? ''}>
            {formatLatency(live.p50Ms)}
          </span>
          <span className="muted"> / </span>
          <span data-testid={`p99-${address}`} data-value={live.p99Ms ?? ''}>
            {formatLatency(live.p99Ms)}
          </span>
        </dd>
      </div>
    </dl>
  );
}
