import type { EventView } from '@/lib/api-types';

// What an event changed: "from → to", the arrow read out as "to"; a first value alone.

export function EventChange({ event }: { event: Pick<EventView, 'from' | 'to'> }) {
  if (!event.from) return <>{event.to}</>;
  return (
    <>
      {event.from}{' '}
      <span role="img" aria-label="to">
        →
      </span>{' '}
      {event.to}
    </>
  );
}
