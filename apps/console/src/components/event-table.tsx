import Link from 'next/link';
import type { EventView } from '@/lib/api-types';
import { formatTimestamp } from '@/lib/format';
import { EventChange } from '@/components/event-change';
import './table.css';
import './event-kind.css';
import './event-log.css';

// The event log's rows; a target links to its history. On a phone each row reflows into a
// small card (event-log.css); should a row still be too wide, the frame scrolls, and takes focus
// so a keyboard can scroll it too.

export function EventTable({ events }: { events: EventView[] }) {
  const now = Date.now();
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take focus to be scrolled without a mouse
    <section className="panel event-panel" aria-label="Events" tabIndex={0}>
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
          {events.map((event) => (
            <tr
              key={event.id}
              data-testid="event-row"
              data-kind={event.kind}
              data-upstream={event.upstream}
              data-target={event.target ?? ''}
            >
              <td className="mono nowrap event-time" title={new Date(event.at).toISOString()}>
                {formatTimestamp(event.at, now)}
              </td>
              <td className="event-upstream">{event.upstream}</td>
              <td className={`mono event-target${event.target ? '' : ' event-no-target'}`}>
                {event.target && event.targetId ? (
                  <Link href={`/targets/${encodeURIComponent(event.targetId)}`} title={`History of ${event.target}`}>
                    {event.target}
                  </Link>
                ) : (
                  (event.target ?? '–')
                )}
              </td>
              <td className="event-fact">
                <span className={`event-kind event-kind-${event.kind}`}>{event.kind}</span>
              </td>
              <td className="nowrap event-change">
                <EventChange event={event} />
              </td>
              <td className="event-reason">{event.reason}</td>
              <td className="muted event-node">{event.node}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
