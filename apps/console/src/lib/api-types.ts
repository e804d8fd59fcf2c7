import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { TargetPatch, UpstreamPatch } from '@headwater/core';
import type { AppRouter } from '@headwater/runtime/router';

// Shapes of the admin API, inferred from the runtime's router so they cannot drift.

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
type Yielded<T> = T extends AsyncIterable<infer Item> ? Item : T;

export type UpstreamView = Outputs['upstreams']['get'];
export type TargetView = UpstreamView['targets'][number];
export type UpstreamCreateInput = Inputs['upstreams']['create'];
// The router types `changes` as unknown (its patch schemas only check "is an object" and
// the full schema validates the merged result), so the shapes come from core's patch types.
export type UpstreamChanges = UpstreamPatch;
export type TargetCreateInput = Inputs['targets']['create']['target'];
export type TargetChanges = TargetPatch;
export type GridSnapshot = Yielded<Outputs['states']['watch']>;
export type GridUpstream = GridSnapshot['upstreams'][number];
export type GridTarget = GridUpstream['targets'][number];
export type TargetState = GridTarget['state'];
export type AdminState = TargetView['adminState'];
export type Algorithm = UpstreamView['algorithm'];
export type GridTier = GridUpstream['tiers'][number];
export type TargetHistory = Outputs['targets']['history'];
export type HistoryPoint = TargetHistory['points'][number];
export type EventView = Outputs['events']['list'][number];
export type ImportSummary = Outputs['config']['import'];
export type ImportChange = ImportSummary['changes'][number];
export type ExportSecrets = NonNullable<Extract<Inputs['config']['export'], object>['secrets']>;
export type NodesList = Outputs['nodes']['list'];
export type NodeView = NodesList['nodes'][number];
export type RuntimeStatus = Outputs['runtime']['status'];
export type FleetGrid = Yielded<Outputs['states']['watchFleet']>;
export type FleetNode = FleetGrid['nodes'][number];
export type FleetUpstream = FleetGrid['upstreams'][number];
export type FleetTarget = FleetUpstream['targets'][number];
export type FleetCell = FleetTarget['cells'][number];
export type FleetActionResult = Outputs['targets']['resetCircuit'];
export type NodeOutcome = FleetActionResult['nodes'][number];
