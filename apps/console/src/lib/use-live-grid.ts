'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useSubscription } from '@trpc/tanstack-react-query';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '@/lib/api-errors';
import { type Connection, connectionOf } from '@/lib/connection';
import type { GridSnapshot } from '@/lib/api-types';
import { snapshotShape } from '@/lib/merge-grid';
import { useTRPC } from '@/lib/trpc';

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
 * - the link gives up when the route answers without a stream (runtime down: 502), so retry
 *   with backoff, refetching the upstreams too: that notices an expired token (401 -> login).
 */
export function useLiveGrid(): LiveGrid {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [snapshot, setSnapshot] = useState<GridSnapshot | undefined>(undefined);
  const watch = useSubscription(trpc.states.watch.subscriptionOptions(undefined, { onData: setSnapshot }));

  const shape = useRef<string | undefined>(undefined);
  useEffect(() => {
    if (!snapshot) return;
    const next = snapshotShape(snapshot);
    if (shape.current !== undefined && shape.current !== next) {
      void queryClient.invalidateQueries(trpc.upstreams.pathFilter());
    }
    shape.current = next;
  }, [snapshot, queryClient, trpc]);

  const failures = useRef(0);
  const { status, reset } = watch;
  useEffect(() => {
    if (status === 'pending') failures.current = 0;
    if (status !== 'error') return;
    const delayMs = Math.min(10_000, 1_000 * 2 ** failures.current);
    failures.current += 1;
    const timer = setTimeout(() => {
      reset();
      void queryClient.invalidateQueries(trpc.upstreams.pathFilter());
    }, delayMs);
    return () => clearTimeout(timer);
  }, [status, reset, queryClient, trpc]);

  return {
    snapshot,
    connection: connectionOf(watch.status, snapshot !== undefined, watch.error !== null),
    error: watch.error ? errorMessage(watch.error) : undefined,
    retryNow: watch.status === 'error' ? () => watch.reset() : undefined,
  };
}
