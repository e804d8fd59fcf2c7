import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';

// Whether the live grid is live or showing the last thing it heard.

export type Connection = 'connecting' | 'live' | 'reconnecting' | 'disconnected';

/** 'error' reads as reconnecting: the live grid retries a failed subscription with backoff. */
export function connectionOf(status: TRPCSubscriptionStatus, hasData: boolean, hasError: boolean): Connection {
  if (status === 'pending') return 'live';
  if (status === 'error') return 'reconnecting';
  if (status === 'connecting') return hasData || hasError ? 'reconnecting' : 'connecting';
  return 'disconnected';
}
