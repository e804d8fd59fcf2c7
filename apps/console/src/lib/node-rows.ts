import type { NodesList, NodeView } from '@/lib/api-types';
import { formatClock } from '@/lib/format';
import { formatAgo, formatRate, formatUptime } from '@/lib/node-format';

// The Nodes page's rows, as text. Every duration is measured against the answering node's
// clock (`at`), never the browser's: a laptop's clock off by a minute must not make a node
// look lost or freshly started.

export type NodeRow = {
  id: string;
  self: boolean;
  adminUrl: string;
  version: string;
  configVersion: number;
  /** Whether it serves the stored config version. */
  config: 'current' | 'behind';
  /** '–' for a lost node: it is not known to be running. */
  uptime: string;
  lastSeen: string;
  /** Its own /readyz verdict at its last heartbeat; '–' once lost. */
  readiness: 'Ready' | 'Not ready' | '–';
  requestsPerSecond: string;
  status: 'Up' | 'Lost';
  /** The status as shown: "Up", "Lost", or "Lost · stopped 19:42:03" for a node that stopped cleanly. */
  statusText: string;
  /** The node's view, for anything the text leaves out. */
  view: NodeView;
};

export function nodeRows(list: NodesList): NodeRow[] {
  return list.nodes.map((node) => {
    const lost = node.status === 'lost';
    return {
      id: node.id,
      self: node.self,
      adminUrl: node.adminUrl,
      version: node.version,
      configVersion: node.configVersion,
      config: node.configCurrent ? 'current' : 'behind',
      uptime: lost ? '–' : formatUptime(list.at - node.startedAt),
      lastSeen: formatAgo(list.at - node.lastSeenAt),
      readiness: lost ? '–' : node.ready ? 'Ready' : 'Not ready',
      requestsPerSecond: lost ? '–' : formatRate(node.requestsPerSecond),
      status: lost ? 'Lost' : 'Up',
      statusText: statusText(node),
      view: node,
    };
  });
}

/** A lost node that stopped cleanly says when (its time of day); one lost by silence, as when it was last seen, elsewhere. */
function statusText(node: NodeView): string {
  if (node.status !== 'lost') return 'Up';
  return node.stoppedAt === null ? 'Lost' : `Lost · stopped ${formatClock(node.stoppedAt)}`;
}

export type NodeCounts = { total: number; up: number; lost: number; behind: number; notReady: number };

/** The page's one-line summary: how many nodes, how many lost, behind on config, not ready. */
export function nodeCounts(list: NodesList): NodeCounts {
  const counts = { total: list.nodes.length, up: 0, lost: 0, behind: 0, notReady: 0 };
  for (const node of list.nodes) {
    if (node.status === 'lost') {
      counts.lost += 1;
      continue;
    }
    counts.up += 1;
    if (!node.configCurrent) counts.behind += 1;
    if (!node.ready) counts.notReady += 1;
  }
  return counts;
}
