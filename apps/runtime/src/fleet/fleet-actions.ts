import { errorCodes, HeadwaterError } from '@headwater/core';
import type { FleetDirectory } from './fleet-directory.ts';
import type { NodeActionResult, Peer, PeerAction } from './peer-client.ts';

/** What reset circuit and end cooldown answer: whether any node changed, a one-line summary, and each node's part. */
export interface FleetActionResult {
  id: string;
  /** host:port */
  target: string;
  /** True when the action changed the target on at least one node. */
  changed: boolean;
  /** e.g. "circuit closed on 2 of 3 nodes · already closed on 1". */
  message: string;
  /** This node first, then the others in the node registry's order. */
  nodes: NodeActionResult[];
}

/** What the fan-out needs: the node list, and a way to ask a peer to act on its own live state. */
export interface FleetActionDeps {
  directory: FleetDirectory;
  peers: { act(peer: Peer, action: PeerAction, id: string): Promise<NodeActionResult> };
}

/**
 * Runs an action on the chosen node, or on every node when none is chosen: this one locally and
 * every other through its admin API, in parallel, each asked to act on itself only (so nothing
 * fans out twice). A lost node is skipped rather than waited for; a peer that cannot be reached
 * or refuses is `failed`, with why. An unknown node is NOT_FOUND, naming it.
 */
export async function actAcrossFleet(
  deps: FleetActionDeps,
  action: PeerAction,
  request: { id: string; node?: string | undefined },
  local: () => Promise<NodeActionResult>,
): Promise<NodeActionResult[]> {
  const { directory, peers } = deps;
  if (request.node === directory.self) return [await local()];
  const nodes = await directory.list();
  const others = nodes.filter((node) => node.id !== directory.self && (request.node === undefined || node.id === request.node));
  if (request.node !== undefined && others.length === 0) {
    throw new HeadwaterError(errorCodes.UNKNOWN_NODE, `no node "${request.node}" in the fleet (see nodes.list)`);
  }
  const remote = others.map((node): Promise<NodeActionResult> => {
    if (node.status === 'lost') {
      const why = node.stoppedAt !== null ? 'it stopped' : 'no heartbeat for 15 s or more';
      return Promise.resolve({ node: node.id, outcome: 'skipped', message: `node is lost: ${why}` });
    }
    return peers.act(node, action, request.id).catch((error: unknown) => ({
      node: node.id,
      outcome: 'failed',
      message: error instanceof Error ? error.message : 'request failed',
    }));
  });
  if (request.node !== undefined) return Promise.all(remote);
  const [own, ...rest] = await Promise.all([local(), ...remote]);
  return [own!, ...rest];
}

/** Each outcome in words: as the summary's first part, and after it. */
const phrases: Record<PeerAction, Record<NodeActionResult['outcome'], [first: string, then: string]>> = {
  resetCircuit: {
    changed: ['circuit closed', 'closed'],
    unchanged: ['circuit already closed', 'already closed'],
    failed: ['failed', 'failed'],
    skipped: ['skipped (lost)', 'skipped (lost)'],
  },
  endCooldown: {
    changed: ['cooldown ended', 'ended'],
    unchanged: ['not cooling down', 'not cooling down'],
    failed: ['failed', 'failed'],
    skipped: ['skipped (lost)', 'skipped (lost)'],
  },
  clearCredentials: {
    changed: ['credentials cleared', 'cleared'],
    unchanged: ['credentials not rejected', 'not rejected'],
    failed: ['failed', 'failed'],
    skipped: ['skipped (lost)', 'skipped (lost)'],
  },
};

const outcomes: ReadonlyArray<NodeActionResult['outcome']> = ['changed', 'unchanged', 'failed', 'skipped'];

/**
 * Whether any node changed, and the results in one line, outcome by outcome, the first out of
 * all nodes: "circuit closed on 2 of 3 nodes · failed on 1 (node-c)", "circuit already closed on 1 of 1 node".
 */
export function summarizeFleetAction(action: PeerAction, nodes: readonly NodeActionResult[]): { changed: boolean; message: string } {
  const total = `${nodes.length} ${nodes.length === 1 ? 'node' : 'nodes'}`;
  const parts = outcomes.flatMap((outcome) => {
    const ids = nodes.filter((node) => node.outcome === outcome).map((node) => node.node);
    return ids.length > 0 ? [{ outcome, ids }] : [];
  });
  const message = parts
    .map(({ outcome, ids }, index) => {
      const [first, then] = phrases[action][outcome];
      const named = outcome === 'failed' || outcome === 'skipped' ? ` (${ids.join(', ')})` : '';
      return index === 0 ? `${first} on ${ids.length} of ${total}${named}` : `${then} on ${ids.length}${named}`;
    })
    .join(' · ');
  return { changed: nodes.some((node) => node.outcome === 'changed'), message: message || 'no node to act on' };
}
