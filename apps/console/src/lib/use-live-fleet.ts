'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/lib/api-errors';
import type { FleetGrid } from '@/lib/api-types';
import { type Connection, connectionOf } from '@/lib/connection';
import { useTRPC } from '@/lib/trpc';
import { useResubscribe } from '@/lib/use-resubscribe';

export type LiveFleet = {
  /** The last fleet grid heard; kept while reconnecting so the grid dims instead of going blank. */
  grid: FleetGrid | undefined;
  connection: Connection;
  error: string | undefined;
  retryNow: (() => void) | undefined;
};

/** Which targets exist, per upstream: when it changes, the configured list is stale. */
function fleetShape(grid: FleetGrid): string {
  return grid.upstreams.map((u) => `${u.name}=${u.targets.map((t) => t.id).join(',')}`).join('|');
}

/**
 * `states.watchFleet`: every node's cell of every target, from the node this console talks to
 * (it asks its peers every 500 ms while anyone watches). On only while the dashboard shows the
 * fleet or a peer: at 10 nodes × 200 targets each grid is most of a megabyte.
 */
export function useLiveFleet(enabled: boolean): LiveFleet {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [grid, setGrid] = useState<FleetGrid | undefined>(undefined);
  const watch = useSubscription(trpc.states.watchFleet.subscriptionOptions(undefined, { enabled, onData: setGrid }));

  const shape = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!grid) return;
    const next = fleetShape(grid);
    if (shape.current !== undefined && shape.current !== next) void queryClient.invalidateQueries(trpc.upstreams.pathFilter());
    shape.current = next;
  }, [grid, queryClient, trpc]);

  useResubscribe(watch.status, watch.reset);

  return {
    grid,
    connection: connectionOf(watch.status, grid !== undefined, watch.error !== null),
    error: watch.error ? errorMessage(watch.error) : undefined,
    retryNow: watch.status === 'error' ? () => watch.reset() : undefined,
  };
}
