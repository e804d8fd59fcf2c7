import type { FleetNode, GridSnapshot, UpstreamView } from '@/lib/api-types';
import type { FleetUpstreamRow } from '@/lib/fleet-rows';
import { formatClock } from '@/lib/format';
import type { NodeChoice } from '@/lib/fleet-summary';
import type { UpstreamRow } from '@/lib/merge-grid';
import { FleetUpstreamPanel } from '@/components/fleet-panel';
import { NodeUpstreamPanel } from '@/components/upstream-panel';

// The dashboard's body: the fleet's panels, or one node's.

export function FleetPanels(props: {
  rows: FleetUpstreamRow[];
  list: UpstreamView[] | undefined;
  stale: boolean;
  nodes: readonly NodeChoice[];
}) {
  const configs = new Map(props.list?.map((upstream) => [upstream.name, upstream]));
  return (
    <div className="upstreams" data-testid="grid" data-view="fleet">
      {props.rows.map((row) => (
        <FleetUpstreamPanel key={row.name} row={row} config={configs.get(row.name)} stale={props.stale} nodes={props.nodes} />
      ))}
    </div>
  );
}

type NodePanelsProps = {
  rows: UpstreamRow[];
  /** This node's own stream (tiers, proxies); undefined for a peer seen through the fleet grid. */
  live: GridSnapshot | undefined;
  node: string | undefined;
  /** The peer shown, when it is one: said when its cells are missing or old. */
  away: FleetNode | undefined;
  stale: boolean;
  nodes: readonly NodeChoice[];
};

export function NodePanels({ rows, live, node, away, stale, nodes }: NodePanelsProps) {
  return (
    <div className="upstreams" data-testid="grid" data-view={away ? `node:${away.id}` : 'self'}>
      {away && away.status !== 'live' && <AwayNotice node={away} />}
      {rows.map((row) => (
        <NodeUpstreamPanel
          key={row.name}
          row={row}
          stale={stale || (away !== undefined && away.status !== 'live')}
          live={live?.upstreams.find((u) => u.name === row.name)}
          node={node}
          nodes={nodes}
        />
      ))}
    </div>
  );
}

function AwayNotice({ node }: { node: FleetNode }) {
  const { stoppedAt, lastSeenAt } = node.node;
  const seen = stoppedAt === null ? `last seen ${formatClock(lastSeenAt)}` : `stopped ${formatClock(stoppedAt)}`;
  return (
    <div className="alert alert-warn" role="status" data-testid="node-away">
      {node.status === 'lost'
        ? `Node ${node.id} is lost (${seen}): its cells are not known.`
        : `Node ${node.id} did not answer${node.error ? ` (${node.error})` : ''}: its cells are not known.`}
    </div>
  );
}
