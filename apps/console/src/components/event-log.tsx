'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorMessage } from '@/lib/api-errors';
import { useTRPC } from '@/lib/trpc';
import './table.css';
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
  const upstreams = useQuery(trpc.upstreams.list.queryOptions());
  const events = useQuery({
    ...trpc.events.list.queryOptions(upstream === ALL ? { limit } : { upstream, limit }),
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => previous,
  });
  const names = (upstreams.data ?? []).map((u) => u.name).sort();
  if (upstream !== ALL && !names.includes(upstream)) names.push(upstream);

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
        <div className="page-actions event-filters">
          <label className="field-inline">
            Upstream
            <select value={upstream} onChange={(e) => setUpstream(e.target.value)} data-testid="event-filter-upstream">
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
            <select value={limit} onChange={(e) => setLimit(Number(e.target.value))} data-testid="event-filter-limit">
              {LIMITS.map((n) => (
                <option key={n} value={n}>
                  last {n}
                </option>
              ))}
            </select>
          </label>
        </div>
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
      {events.data && events.data.length > 0 && (
        <div className="panel event-panel">
          <table className="table event-table" data-testid="event-log">
            <thead>
              <tr>
                <th scope="col">Time</th>
                <th scope="col">Upstream</th>
                <th scope="col">Target</th>
                <th scope="col">Fact</th>
                <th scope="col">Change</th>
                <th scope="col">Reason</th>
                <th scope="col">Node</th>
              </tr>
            </thead>
            <tbody>
              {events.data.map((event) => (
                <tr
                  key={event.id}
                  data-testid="event-row"
                  data-kind={event.kind}
                  data-upstream={event.upstream}
                  data-target={event.target ?? ''}
                >
                  <td className="mono nowrap" title={new Date(event.at).toISOString()}>
                    {formatTimestamp(event.at)}
                  </td>
                  <td>{event.upstream}</td>
                  <td className="mono">{event.target ?? '–'}</td>
                  <td>
                    <span className={`event-kind event-kind-${event.kind}`}>{event.kind}</span>
                  </td>
                  <td className="nowrap">
                    {event.from ? (
                      <>
                        {event.from}{' '}
                        <span role="img" aria-label="to">
                          →
                        </span>{' '}
                        {event.to}
                      </>
                    ) : (
                      event.to
                    )}
                  </td>
                  <td>{event.reason}</td>
                  <td className="muted">{event.node}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function formatTimestamp(epochMs: number): string {
  const date = new Date(epochMs);
  const today = new Date().toDateString() === date.toDateString();
  const time = date.toLocaleTimeString(undefined, { hour12: false });
  return today ? time : `${date.toLocaleDateString()} ${time}`;
}
