import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@headwater/runtime/router';

// Shapes of the admin API, inferred from the runtime's router so they cannot drift.

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
type Yielded<T> = T extends AsyncIterable<infer Item> ? Item : T;

export type UpstreamView = Outputs['upstreams']['get'];
export type TargetView = UpstreamView['targets'][number];
export type UpstreamCreateInput = Inputs['upstreams']['create'];
export type UpstreamChanges = Inputs['upstreams']['update']['changes'];
export type TargetCreateInput = Inputs['targets']['create']['target'];
export type TargetChanges = Inputs['targets']['update']['changes'];
export type GridSnapshot = Yielded<Outputs['states']['watch']>;
export type GridUpstream = GridSnapshot['upstreams'][number];
export type GridTarget = GridUpstream['targets'][number];
export type TargetState = GridTarget['state'];
export type AdminState = TargetView['adminState'];
export type Algorithm = UpstreamView['algorithm'];
