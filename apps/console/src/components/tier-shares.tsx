import type { GridUpstream } from '@/lib/api-types';
import { formatPct } from '@/lib/format';
import './tier-shares.css';

// Which priority tiers served an upstream's traffic over the last 60 s (attempts, retries
// included): a stacked bar plus each tier's share as text, so it reads without colour.

const SHADES = ['var(--accent)', '#6b9bd1', '#a9c4e6', '#d3e1f2'];

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
            <div key={tier.priority} style={{ width: `${tier.sharePct}%`, background: SHADES[Math.min(index, SHADES.length - 1)] }} />
          ))}
        </div>
      )}
      <ul className="tier-share-list" aria-label={`${upstream} share of traffic by priority tier`}>
        {tiers.map((tier, index) => (
          <li
            key={tier.priority}
            data-testid={`tier-share-${upstream}-${tier.priority}`}
            data-share={tier.sharePct}
            title={`Priority ${tier.priority}: ${tier.requests60s} of ${total} attempts in the last 60 s`}
          >
            {tiers.length > 1 && total > 0 && (
              <span className="tier-swatch" aria-hidden="true" style={{ background: SHADES[Math.min(index, SHADES.length - 1)] }} />
            )}
            P{tier.priority} <span className="num">{total > 0 ? formatPct(tier.sharePct) : '–'}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
