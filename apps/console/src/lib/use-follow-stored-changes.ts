'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import type { GridTarget, UpstreamView } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';

/**
 * Stored fields the live grid carries too (admin state, weight, priority): when the grid shows
 * other values than this page's copy, the copy is stale (a drain that ended, an edit from
 * another tab or a script), so it is fetched again. Forms follow it where they have no edit in
 * progress, and a later save is not refused for a change the page could have known about.
 */
export function useFollowStoredChanges(view: UpstreamView, live: readonly GridTarget[]): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const drift = live
    .filter((cell) => {
      const stored = view.targets.find((target) => target.id === cell.id);
      return stored && (stored.adminState !== cell.adminState || stored.weight !== cell.weight || stored.priority !== cell.priority);
    })
    .map((cell) => `${cell.id}:${cell.adminState}:${cell.weight}:${cell.priority}`)
    .join(',');
  useEffect(() => {
    if (drift !== '') void queryClient.invalidateQueries(trpc.upstreams.get.queryFilter({ name: view.name }));
  }, [drift, queryClient, trpc, view.name]);
}
