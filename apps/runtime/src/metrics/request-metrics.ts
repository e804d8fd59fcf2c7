import type { AccessLogLine, AttemptOutcome } from '../data-plane/access-log.ts';
import { Counter, type CounterSeries } from './counter.ts';
import type { MetricFamily } from './exposition.ts';
import { errorCodes } from '@headwater/core';
import { Histogram, type HistogramSeries } from './histogram.ts';

/** A status's class as an index into STATUS_CLASSES (and UpstreamSeries.byClass): 0–4 for 1xx–5xx, 5 for anything else. */
const classIndex = (status: number) => (status >= 100 && status < 600 ? Math.floor(status / 100) - 1 : 5);
const STATUS_CLASSES = ['1xx', '2xx', '3xx', '4xx', '5xx', 'other'] as const;

/**
 * One upstream's series, found with one Map lookup per request: building a label object and a
 * series key for each of five series on every request was most of what metrics cost. A series
 * is created on its first event, as before: one that never counted anything is not exposed.
 */
interface UpstreamSeries {
  readonly byClass: Array<CounterSeries | undefined>;
  readonly attempts: Map<AttemptOutcome, CounterSeries>;
  retries: CounterSeries | undefined;
  duration: HistogramSeries | undefined;
}

/** Traffic counters and the latency histogram, fed one access log line per request. */
export class RequestMetrics {
  readonly requests = new Counter('headwater_requests_total', 'Requests answered by the data plane, by upstream and status class.', [
    'upstream',
    'status_class',
  ]);
  readonly gatewayErrors = new Counter(
    'headwater_gateway_errors_total',
    'Responses made by the gateway itself, by upstream and error type (the JSON error.type).',
    ['upstream', 'type'],
  );
  readonly attempts = new Counter(
    'headwater_attempts_total',
    'Attempts at targets, by upstream and outcome (response, connect-error, reset, timeout, error-after-headers, proxy-error, credentials-rejected, aborted).',
    ['upstream', 'outcome'],
  );
  readonly retries = new Counter(
    'headwater_retries_total',
    'Attempts after the first one of a request, by upstream (not the one after a target refused its own key: that is no retry).',
    ['upstream'],
  );
  readonly duration = new Histogram(
    'headwater_request_duration_seconds',
    'Time from receiving a request to its end (last byte or abort), by upstream.',
    ['upstream'],
  );

  private readonly byUpstream = new Map<string, UpstreamSeries>();

  observe(line: AccessLogLine): void {
    // Names callers invent for unknown upstreams stay out of the labels (bounded cardinality).
    const upstream = line.error === errorCodes.UNKNOWN_UPSTREAM ? '(unknown)' : line.upstream;
    let series = this.byUpstream.get(upstream);
    if (!series) {
      series = { byClass: [], attempts: new Map(), retries: undefined, duration: undefined };
      this.byUpstream.set(upstream, series);
    }
    const index = classIndex(line.status);
    series.byClass[index] ??= this.requests.seriesOf({ upstream, status_class: STATUS_CLASSES[index]! });
    series.byClass[index].value += 1;
    if (line.error) this.gatewayErrors.inc({ upstream, type: line.error });
    for (const attempt of line.attempts) this.countAttempt(series, upstream, attempt.outcome);
    if (line.attempts.length > 1) {
      series.retries ??= this.retries.seriesOf({ upstream });
      series.retries.value += retriesOf(line.attempts);
    }
    series.duration ??= this.duration.seriesOf({ upstream });
    series.duration.observe(line.ms / 1000);
  }

  private countAttempt(series: UpstreamSeries, upstream: string, outcome: AttemptOutcome): void {
    let counter = series.attempts.get(outcome);
    if (!counter) {
      counter = this.attempts.seriesOf({ upstream, outcome });
      series.attempts.set(outcome, counter);
    }
    counter.value += 1;
  }

  collect(): MetricFamily[] {
    return [
      this.requests.collect(),
      this.gatewayErrors.collect(),
      this.attempts.collect(),
      this.retries.collect(),
      this.duration.collect(),
    ];
  }
}

/** Retries of one request: attempts after the first, but for those that followed a target's refusal of its own key. */
function retriesOf(attempts: AccessLogLine['attempts']): number {
  let retries = 0;
  for (let index = 1; index < attempts.length; index++) if (attempts[index - 1]!.outcome !== 'credentials-rejected') retries++;
  return retries;
}
