import { exportConfigYaml } from './procedures/config-export.ts';
import { importConfigYaml } from './procedures/config-import.ts';
import { listEvents } from './procedures/events-list.ts';
import { listNodes } from './procedures/nodes-list.ts';
import { runtimeStatus } from './procedures/runtime-status.ts';
import { createTarget } from './procedures/targets-create.ts';
import { deleteTarget } from './procedures/targets-delete.ts';
import { disableTarget } from './procedures/targets-disable.ts';
import { drainTarget } from './procedures/targets-drain.ts';
import { enableTarget } from './procedures/targets-enable.ts';
import { endTargetCooldown } from './procedures/targets-end-cooldown.ts';
import { clearTargetCredentials } from './procedures/targets-clear-credentials.ts';
import { targetHistory } from './procedures/targets-history.ts';
import { resetTargetCircuit } from './procedures/targets-reset-circuit.ts';
import { updateTarget } from './procedures/targets-update.ts';
import { getFleetStates } from './procedures/states-fleet.ts';
import { getStates } from './procedures/states-get.ts';
import { watchStates } from './procedures/states-watch.ts';
import { watchFleetStates } from './procedures/states-watch-fleet.ts';
import { createUpstream } from './procedures/upstreams-create.ts';
import { deleteUpstream } from './procedures/upstreams-delete.ts';
import { getUpstream } from './procedures/upstreams-get.ts';
import { listUpstreams } from './procedures/upstreams-list.ts';
import { updateUpstream } from './procedures/upstreams-update.ts';
import { router } from './trpc.ts';

export const appRouter = router({
  upstreams: router({
    list: listUpstreams,
    get: getUpstream,
    create: createUpstream,
    update: updateUpstream,
    delete: deleteUpstream,
  }),
  targets: router({
    create: createTarget,
    update: updateTarget,
    delete: deleteTarget,
    enable: enableTarget,
    drain: drainTarget,
    disable: disableTarget,
    resetCircuit: resetTargetCircuit,
    endCooldown: endTargetCooldown,
    clearCredentials: clearTargetCredentials,
    history: targetHistory,
  }),
  events: router({
    list: listEvents,
  }),
  states: router({
    get: getStates,
    watch: watchStates,
    fleet: getFleetStates,
    watchFleet: watchFleetStates,
  }),
  config: router({
    export: exportConfigYaml,
    import: importConfigYaml,
  }),
  nodes: router({
    list: listNodes,
  }),
  runtime: router({
    status: runtimeStatus,
  }),
});

export type AppRouter = typeof appRouter;
export type { GridSnapshot, GridTarget, GridUpstream } from '../state/grid.ts';
export type { TargetView, UpstreamView } from './views.ts';
export type { EventView } from './procedures/events-list.ts';
export type { TargetActionResult } from './target-actions.ts';
export type { FleetActionResult } from '../fleet/fleet-actions.ts';
export type { NodeActionResult } from '../fleet/peer-client.ts';
export type { FleetCell, FleetGrid, FleetNode, FleetNodeStatus, FleetSummary, FleetTarget, FleetUpstream } from '../fleet/fleet-grid.ts';
export type { TargetHistory } from './outputs/target-history.ts';
export type { NodeStatus, NodeView } from '../fleet/node-view.ts';
export type { NodeList, RuntimeStatus } from '../fleet/node-registry.ts';
