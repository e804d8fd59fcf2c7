import type { GridSnapshot, GridTarget, TargetView, UpstreamView } from '@/lib/api-types';

// Where a target id belongs, from either source the console has: the configured upstreams or
// the live grid (a target being deleted is only on the grid until its drain ends).

export type FoundTarget = {
  upstream: string;
  host: string;
  port: number;
  config: TargetView | undefined;
  live: GridTarget | undefined;
};

export function findTarget(id: string, list: UpstreamView[] | undefined, snapshot: GridSnapshot | undefined): FoundTarget | undefined {
  let found: FoundTarget | undefined;
  for (const upstream of list ?? []) {
    const config = upstream.targets.find((target) => target.id === id);
    if (config) found = { upstream: upstream.name, host: config.host, port: config.port, config, live: undefined };
  }
  for (const upstream of snapshot?.upstreams ?? []) {
    const live = upstream.targets.find((target) => target.id === id);
    if (live) found = { upstream: upstream.name, host: live.host, port: live.port, config: found?.config, live };
  }
  return found;
}
