import type { Clock } from '@headwater/core';
import type { ConfigStore } from '../config/config-store.ts';
import type { EnvironmentVariables } from '../config/declarative.ts';
import type { ConfigRepository } from '../config/repository.ts';
import type { FleetServices } from '../fleet/fleet.ts';
import type { NodeRegistry } from '../fleet/node-registry.ts';
import type { EventLog } from '../state/event-log.ts';
import type { ProxyStates } from '../state/proxy-states.ts';
import type { TargetStates } from '../state/target-states.ts';
import type { TrafficHistoryLookup } from '../state/traffic-stats.ts';

/** What every admin procedure can reach. Built once per request by the admin server. */
export interface AdminContext {
  authenticated: boolean;
  repository: ConfigRepository;
  config: ConfigStore;
  states: TargetStates;
  /** Each target's last 15 minutes of traffic on this node (`targets.history`). */
  traffic: TrafficHistoryLookup;
  proxies: ProxyStates;
  events: EventLog;
  /** The runtime's environment: `${VAR}` in an imported config reads it, in secret fields only, never the runtime's own settings. */
  env: EnvironmentVariables;
  /** The runtime's clock: an operator's action is judged against the same time as the live facts. */
  clock: Clock;
  /** The fleet's node registry (`nodes.list`) and this node's status from memory (`runtime.status`, `/readyz`). */
  nodes: NodeRegistry;
  /** The other nodes: the node list, their admin APIs (fleet-wide actions) and the shared fleet grid feed. */
  fleet: FleetServices;
}
