import type { GridSnapshot } from '../state/grid.ts';
import type { FleetActionDeps } from './fleet-actions.ts';
import { CachedDirectory, type FleetDirectory } from './fleet-directory.ts';
import { FleetFeed } from './fleet-feed.ts';
import { PeerClient } from './peer-client.ts';

/** What the admin API reaches the other nodes through: the node list, their admin APIs, and the shared fleet grid feed. */
export interface FleetServices extends FleetActionDeps {
  feed: FleetFeed;
}

export interface Fleet extends FleetServices {
  /** Ends every fleet grid stream and closes the connections to peers (shutdown). */
  close(): Promise<void>;
}

export interface FleetOptions {
  /** The node registry. */
  registry: FleetDirectory;
  /** This node's admin token, which its peers share. */
  token: string;
  /** This node's grid (TargetStates). */
  local: { grid(): GridSnapshot };
  clock: { now(): number; monotonicMs(): number };
}

/** The fan-out to the fleet's other nodes, built once at start. */
export function createFleet({ registry, token, local, clock }: FleetOptions): Fleet {
  const directory = new CachedDirectory(registry, clock);
  const peers = new PeerClient({ token });
  const feed = new FleetFeed({ directory, local, peers, clock });
  return {
    directory,
    peers,
    feed,
    close: async () => {
      feed.close();
      await peers.close();
    },
  };
}
