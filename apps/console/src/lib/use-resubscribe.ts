'use client';

import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';
import { useEffect, useRef } from 'react';

/**
 * Retries a failed subscription with backoff (1 s, doubling, at most 10 s): the link gives up
 * when the route answers without a stream (runtime down: 502). `onRetry` runs with each
 * attempt, e.g. to refetch a query that notices an expired token (401 -> login).
 */
export function useResubscribe(status: TRPCSubscriptionStatus, reset: () => void, onRetry?: () => void): void {
  const failures = useRef(0);
  const retried = useRef(onRetry);
  retried.current = onRetry;
  useEffect(() => {
    if (status === 'pending') failures.current = 0;
    if (status !== 'error') return;
    const delayMs = Math.min(10_000, 1_000 * 2 ** failures.current);
    failures.current += 1;
    const timer = setTimeout(() => {
      reset();
      retried.current?.();
    }, delayMs);
    return () => clearTimeout(timer);
  }, [status, reset]);
}
