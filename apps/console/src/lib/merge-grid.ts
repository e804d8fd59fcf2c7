import type { GridSnapshot, GridTarget, UpstreamView } from '@/lib/api-types';
import { hostPort } from '@/lib/format';

// The dashboard joins two sources: the configured upstreams (a query) and the live states
// (the subscription). Either may be ahead of the other for a moment after an edit, so a
// target shows up as soon as either source knows it.

export type GridRow = {
  key: string;
  host: string;
  port: number;
  weight: number;
  priority: number;
  adminState: GridTarget['adminState'];
  live: GridTarget | undefined;
};

export type UpstreamRow = {
  name: string;
  config: UpstreamView | undefined;
  targets: GridRow[];
};

export function mergeGrid(list: UpstreamView[] | undefined, snapshot: GridSnapshot | undefined): UpstreamRow[] {
  const byName = new Map<string, UpstreamRow>();
  for (const upstream of list ?? []) {
    const live = snapshot?.upstreams.find((u) => u.name === upstream.name);
    const targets: GridRow[] = upstream.targets.map((target) => {
      const state =
        live?.targets.find((t) => t.id === target.id) ?? live?.targets.find((t) => t.host === target.host && t.port === target.port);
      return {
        key: String(target.id),
        host: target.host,
        port: target.port,
        // The live view is newer when it has the target: it reflects the runtime's snapshot.
        weight: state?.weight ?? target.weight,
        priority: state?.priority ?? target.priority,
        adminState: state?.adminState ?? target.adminState,
        live: state,
      };
    });
    for (const state of live?.targets ?? []) {
      if (!targets.some((row) => row.live === state)) targets.push(fromLive(state));
    }
    byName.set(upstream.name, { name: upstream.name, config: upstream, targets });
  }
  for (const live of snapshot?.upstreams ?? []) {
    if (byName.has(live.name)) continue;
    // Known to the runtime but not yet to the list (or the list is still loading).
    byName.set(live.name, { name: live.name, config: undefined, targets: live.targets.map(fromLive) });
  }
  const rows = [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  for (const row of rows) {
    row.targets.sort((a, b) => a.priority - b.priority || hostPort(a).localeCompare(hostPort(b), undefined, { numeric: true }));
  }
  return rows;
}

function fromLive(state: GridTarget): GridRow {
  return {
    key: String(state.id),
    host: state.host,
    port: state.port,
    weight: state.weight,
    priority: state.priority,
    adminState: state.adminState,
    live: state,
  };
}

/** Which targets exist, per upstream: when it changes, the configured list is stale. */
export function snapshotShape(snapshot: GridSnapshot): string {
  return snapshot.upstreams
    .map((u) => `${u.name}=${u.targets.map((t) => `${t.id}@${t.host}:${t.port}`).join(',')}`)
    .sort()
    .join('|');
}
