'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/lib/trpc';
import './database-banner.css';

// On every page while the node this console talks to cannot reach its database: it keeps
// serving its last good config, and refuses admin writes until the database is back.
// `runtime.status` answers from memory, so it works through the outage; polled every 2 s.

const REFRESH_MS = 2_000;

export function DatabaseBanner() {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.runtime.status.queryOptions(), refetchInterval: REFRESH_MS, retry: false });
  if (status.data?.database.status !== 'unreachable') return null;
  // The detail is the node's own line: "database unreachable since 19:42:03 UTC: serving config version 12; admin writes are refused".
  return (
    <div className="database-banner" role="alert" data-testid="database-banner">
      <strong>Node {status.data.node}:</strong> {status.data.database.detail}
    </div>
  );
}
