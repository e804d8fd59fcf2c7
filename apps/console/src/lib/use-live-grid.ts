'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/lib/api-errors';
import { type Connection, connectionOf } from '@/lib/connection';
import type { GridSnapshot } from '@/lib/api-types';
import { snapshotShape } from '@/lib/merge-grid';
import { useTRPC } from '@/lib/trpc';
import { useResubscribe } from '@/lib/use-resubscribe';

export type LiveGrid = {
  /** The last snapshot heard; kept while reconnecting so the grid dims instead of going blank. */
  snapshot: GridSnapshot | undefined;
  connection: Connection;
  error: string | undefined;
  /** Set while a failed subscription waits for its next automatic attempt. */
  retryNow: (() => void) | undefined;
};

/**
 * The `states.watch` subscription (server-sent events through /api/trpc), made resilient:
 * - a snapshot whose target set changed refreshes the configured upstreams (`upstreams.*`);
 * - a failed stream is retried with backoff (use-resubscribe.ts), refetching the upstreams too.
 * Off (`enabled: false`) while the dashboard shows another node or the fleet.
 */
export function useLiveGrid(enabled = true): LiveGrid {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [snapshot, setSnapshot] = useState<GridSnapshot | undefined>(undefined);
  const watch = useSubscription(trpc.states.watch.subscriptionOptions(undefined, { enabled, onData: setSnapshot }));

  const shape = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!snapshot) return;
    const next = snapshotShape(snapshot);
    if (shape.current !== undefined && shape.current !== next) {
      void queryClient.invalidateQueries(trpc.upstreams.pathFilter());
    }
    shape.current = next;
  }, [snapshot, queryClient, trpc]);

  useResubscribe(watch.status, watch.reset, () => void queryClient.invalidateQueries(trpc.upstreams.pathFilter()));

  return {
    snapshot,
    connection: connectionOf(watch.status, snapshot !== undefined, watch.error !== null),
    error: watch.error ? errorMessage(watch.error) : undefined,
    retryNow: watch.status === 'error' ? () => watch.reset() : undefined,
  };
}
