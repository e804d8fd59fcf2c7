'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { errorMessage } from '@/lib/api-errors';
import { formatTimestamp } from '@/lib/format';
import { useTRPC } from '@/lib/trpc';
import { EventChange } from '@/components/event-change';
import './event-kind.css';
import './target-timeline.css';

// One target's events, newest first, beside its history charts: the changes that explain them.

const REFRESH_MS = 10_000;
const LIMIT = 50;

export function TargetTimeline({ id }: { id: string }) {
  const trpc = useTRPC();
  const events = useQuery({
    ...trpc.events.list.queryOptions({ targetId: id, limit: LIMIT }),
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => previous,
  });
  const now = Date.now();
  return (
    <section className="panel timeline" aria-labelledby="timeline-title" data-testid="target-timeline">
      <header className="timeline-head">
        <h2 id="timeline-title">Events</h2>
        <span className="muted">newest first, last {LIMIT}</span>
      </header>
      {events.isError && (
        <p className="alert alert-error" role="alert">
          Could not load the events: {errorMessage(events.error)}
        </p>
      )}
      {events.isPending && <p className="muted timeline-empty">Loading events…</p>}
      {events.data?.length === 0 && <p className="muted timeline-empty">No events for this target yet.</p>}
      {events.data && events.data.length > 0 && (
        <ol className="timeline-list">
          {events.data.map((event) => (
            <li key={event.id} data-testid="timeline-event" data-kind={event.kind}>
              <time className="mono timeline-time" dateTime={new Date(event.at).toISOString()}>
                {formatTimestamp(event.at, now)}
              </time>
              <span className={`event-kind event-kind-${event.kind}`}>{event.kind}</span>
              <span className="timeline-change">
                <EventChange event={event} />
              </span>
              {event.reason && <span className="timeline-reason">{event.reason}</span>}
            </li>
          ))}
        </ol>
      )}
      <p className="timeline-foot">
        <Link href="/events">All events</Link>
      </p>
    </section>
  );
}
