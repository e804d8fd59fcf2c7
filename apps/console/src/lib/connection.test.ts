import type { TRPCSubscriptionStatus } from '@trpc/tanstack-react-query';
import { describe, expect, it } from 'vitest';
import { type Connection, connectionOf } from '@/lib/connection';

describe('connectionOf', () => {
  it.each<[TRPCSubscriptionStatus, boolean, boolean, Connection]>([
    ['pending', false, false, 'live'], // tRPC's "pending" is a subscription that is open
    ['pending', true, true, 'live'],
    ['connecting', false, false, 'connecting'],
    ['connecting', true, false, 'reconnecting'], // it had data: the grid shows the last snapshot
    ['connecting', false, true, 'reconnecting'],
    ['error', false, true, 'reconnecting'], // the live grid retries with backoff
    ['idle', true, false, 'disconnected'],
  ])('%s (data: %s, error: %s) reads %s', (status, hasData, hasError, expected) => {
    expect(connectionOf(status, hasData, hasError)).toBe(expected);
  });
});
