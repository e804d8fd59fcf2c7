'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '@/lib/api-errors';
import { useTRPC } from '@/lib/trpc';
import { EventTable } from '@/components/event-table';
import './event-log.css';

// The event log, newest first: every change of a target's facts, config edits, proxy changes.
// Polled every 2 s (a query, not a subscription: the log is a table, not a stream).

const REFRESH_MS = 2_000;
const LIMITS = [100, 200, 500] as const;
const ALL = '';

export function EventLog() {
  const trpc = useTRPC();
  const [upstream, setUpstream] = useState(ALL);
  const [limit, setLimit] = useState<number>(LIMITS[0]);
  const events = useQuery({
    ...trpc.events.list.queryOptions(upstream === ALL ? { limit } : { upstream, limit }),
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => previous,
  });

  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Event log</h1>
          <p className="muted summary">
            Every change of a target&apos;s admin, active, circuit and cooldown facts, config edits and proxy changes, newest first.
            Refreshed every {REFRESH_MS / 1000} s.
          </p>
        </div>
        <EventFilters upstream={upstream} onUpstream={setUpstream} limit={limit} onLimit={setLimit} />
      </header>

      {events.isError && (
        <div className="alert alert-error" role="alert">
          Could not load the event log: {errorMessage(events.error)}
        </div>
      )}
      {events.isPending && <p className="muted">Loading events…</p>}
      {events.data && events.data.length === 0 && (
        <div className="empty">
          <p>No events{upstream ? ` for ${upstream}` : ''} yet.</p>
        </div>
      )}
      {events.data && events.data.length > 0 && <EventTable events={events.data} />}
    </div>
  );
}

type FilterProps = { upstream: string; onUpstream: (name: string) => void; limit: number; onLimit: (limit: number) => void };

function EventFilters({ upstream, onUpstream, limit, onLimit }: FilterProps) {
  const trpc = useTRPC();
  const upstreams = useQuery(trpc.upstreams.list.queryOptions());
  const names = (upstreams.data ?? []).map((u) => u.name).sort();
  if (upstream !== ALL && !names.includes(upstream)) names.push(upstream);
  return (
    <div className="page-actions event-filters">
      <label className="field-inline">
        Upstream
        <select value={upstream} onChange={(e) => onUpstream(e.target.value)} data-testid="event-filter-upstream">
          <option value={ALL}>All upstreams</option>
          {names.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field-inline">
        Show
        <select value={limit} onChange={(e) => onLimit(Number(e.target.value))} data-testid="event-filter-limit">
          {LIMITS.map((n) => (
            <option key={n} value={n}>
              last {n}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
