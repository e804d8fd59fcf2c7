import Link from 'next/link';
import type { ReactNode } from 'react';
import type { GridUpstream, UpstreamView } from '@/lib/api-types';
import { formatMs } from '@/lib/format';
import type { NodeChoice } from '@/lib/fleet-summary';
import type { UpstreamRow } from '@/lib/merge-grid';
import { ProxyBadge } from '@/components/proxy-badge';
import { TargetCell } from '@/components/target-cell';
import { TierShares } from '@/components/tier-shares';
import './dashboard.css';

// One upstream on the grid as one node sees it: its settings, its tiers of target cells.

/** The head of an upstream's panel, in the one-node and the fleet view alike. */
export function UpstreamPanel(props: {
  name: string;
  config: UpstreamView | undefined;
  empty: boolean;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { name, config, empty } = props;
  const href = `/upstreams/${encodeURIComponent(name)}`;
  return (
    <section className="panel" data-testid={`upstream-${name}`} aria-labelledby={`upstream-${name}-title`}>
      <header className="panel-head">
        <h2 id={`upstream-${name}-title`}>
          <Link href={href}>{name}</Link>
        </h2>
        {config && <Settings config={config} />}
        {props.extra}
        <Link href={href} className="btn btn-small" aria-label={`Edit ${name}`}>
          Edit
        </Link>
      </header>
      {empty ? (
        <p className="muted panel-empty">
          No targets. <Link href={href}>Add one</Link>.
        </p>
      ) : (
        props.children
      )}
    </section>
  );
}

type NodePanelProps = {
  row: UpstreamRow;
  stale: boolean;
  /** The node's own stream has tiers and the proxy; a peer's cells from the fleet grid do not. */
  live: GridUpstream | undefined;
  node?: string;
  nodes?: readonly NodeChoice[];
};

export function NodeUpstreamPanel({ row, stale, live, node, nodes }: NodePanelProps) {
  const tiers = [...new Set(row.targets.map((t) => t.priority))];
  const proxy = <ProxyBadge upstream={row.name} configured={row.config?.proxy} live={live?.proxy} />;
  return (
    <UpstreamPanel name={row.name} config={row.config} empty={row.targets.length === 0} extra={proxy}>
      {live && <TierShares upstream={row.name} tiers={live.tiers} />}
      {tiers.map((priority) => (
        <div key={priority} className="tier">
          {tiers.length > 1 && <h3 className="tier-title">Priority {priority}</h3>}
          <ul className="cells" aria-label={`${row.name} targets${tiers.length > 1 ? `, priority ${priority}` : ''}`}>
            {row.targets
              .filter((t) => t.priority === priority)
              .map((target) => (
                <TargetCell key={target.key} row={target} stale={stale} node={node} nodes={nodes} />
              ))}
          </ul>
        </div>
      ))}
    </UpstreamPanel>
  );
}

function Settings({ config }: { config: UpstreamView }) {
  return (
    <ul className="chips" aria-label="Settings">
      <li>
        {config.algorithm}
        {config.algorithm === 'consistent-hash' && config.hashOn ? ` on ${config.hashOn}` : ''}
      </li>
      <li>retries {config.retries}</li>
      <li>slow start {formatMs(config.slowStartMs)}</li>
      {config.failOpen && <li className="chip-warn">fail-open</li>}
      {/* On by default: only its absence is news (rate-limit headers then leave weights alone). */}
      {!config.quotaAware && <li className="muted">quota-aware off</li>}
      {config.healthChecks.active ? <li>active checks</li> : <li className="muted">passive checks only</li>}
    </ul>
  );
}
