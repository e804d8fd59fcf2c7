import type { GridUpstream } from '@/lib/api-types';
import { formatPct } from '@/lib/format';
import './tier-shares.css';

// Which priority tiers served an upstream's traffic over the last 60 s (attempts, retries
// included), beside the share the spill rule gives each tier right now (from tier health and
// overprovisioning): the measured share converges to the computed one. A stacked bar of the
// measured shares, and every figure as text, so it reads without colour.

const SHADES = ['var(--accent)', '#6b9bd1', '#a9c4e6', '#d3e1f2'];
const shade = (index: number) => SHADES[Math.min(index, SHADES.length - 1)];

const EXPLAIN =
  'Measured: share of the attempts this upstream sent in the last 60 s. Computed: the share the spill rule gives this tier now, from tier health and the overprovisioning factor.';

export function TierShares({ upstream, tiers }: { upstream: string; tiers: GridUpstream['tiers'] }) {
  if (tiers.length === 0) return null;
  const total = tiers.reduce((sum, tier) => sum + tier.requests60s, 0);
  return (
    <div className="tier-shares" data-testid={`tier-shares-${upstream}`}>
      <span className="tier-shares-label">
        Last 60 s: <span className="num">{total}</span> request{total === 1 ? '' : 's'}
      </span>
      {total > 0 && tiers.length > 1 && (
        <div className="tier-bar" aria-hidden="true">
          {tiers.map((tier, index) => (
            <div key={tier.priority} style={{ width: `${tier.sharePct}%`, background: shade(index) }} />
          ))}
        </div>
      )}
      <ul className="tier-share-list" aria-label={`${upstream} share of traffic by priority tier, measured and computed`} title={EXPLAIN}>
        {tiers.map((tier, index) => (
          <li
            key={tier.priority}
            data-testid={`tier-share-${upstream}-${tier.priority}`}
            data-share={tier.sharePct}
            data-computed={tier.computedSharePct}
          >
            {tiers.length > 1 && total > 0 && <span className="tier-swatch" aria-hidden="true" style={{ background: shade(index) }} />}
            {`P${tier.priority} `}
            <span className="num">{total > 0 ? formatPct(tier.sharePct) : '–'}</span> <span className="tier-share-kind">measured ·</span>{' '}
            <span className="num" data-testid={`tier-computed-${upstream}-${tier.priority}`}>
              {formatPct(tier.computedSharePct)}
            </span>{' '}
            <span className="tier-share-kind">computed</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
