// What a node of the fleet looks like to an operator (nodes.list, the fleet grid). Shared by
// the node registry (which writes and reads the Node rows) and the fleet fan-out (which reads
// each peer's live grid through its advertised admin URL).

/** A node is `lost` once it stopped cleanly (`stoppedAt`), or has not refreshed its row for `NODE_LOST_AFTER_MS` (a crash, a partition). */
export type NodeStatus = 'up' | 'lost';

export interface NodeView {
  /** HEADWATER_NODE_ID (default: the host name). */
  id: string;
  /** Where its peers reach its admin API (HEADWATER_ADVERTISED_ADMIN_URL). */
  adminUrl: string;
  /** The runtime's software version. */
  version: string;
  /** Epoch ms the process started. */
  startedAt: number;
  /** The config version it serves. */
  configVersion: number;
  /** Whether `configVersion` is the stored config version, as the node answering this call read it. */
  configCurrent: boolean;
  /** Its own /readyz verdict at its last heartbeat. */
  ready: boolean;
  /** Epoch ms of its last heartbeat. */
  lastSeenAt: number;
  /** Epoch ms it stopped cleanly (the end of its shutdown), null while running or when it died without a shutdown. */
  stoppedAt: number | null;
  status: NodeStatus;
  /** Data-plane requests per second over its last heartbeat interval. */
  requestsPerSecond: number;
  /** True for the node that answered this call. */
  self: boolean;
}

/** Heartbeat period: every node refreshes its row this often. */
export const NODE_HEARTBEAT_MS = 5_000;
/** A node unseen this long is shown as lost (one that stopped cleanly is lost at once). */
export const NODE_LOST_AFTER_MS = 15_000;
/** A node unseen this long is removed from the registry. */
export const NODE_FORGOTTEN_AFTER_MS = 86_400_000;
