import type { AccessLogLine } from '../data-plane/access-log.ts';
import { Counter } from './counter.ts';
import type { MetricFamily } from './exposition.ts';
import { errorCodes } from '@headwater/core';
import { Histogram } from './histogram.ts';

const statusClass = (status: number) => (status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'other');

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
    'Attempts at targets, by upstream and outcome (response, connect-error, reset, timeout, error-after-headers, proxy-error, aborted).',
    ['upstream', 'outcome'],
  );
  readonly retries = new Counter('headwater_retries_total', 'Attempts after the first one of a request, by upstream.', ['upstream']);
  readonly duration = new Histogram(
    'headwater_request_duration_seconds',
    'Time from receiving a request to its end (last byte or abort), by upstream.',
    ['upstream'],
  );

  observe(line: AccessLogLine): void {
    // Names callers invent for unknown upstreams stay out of the labels (bounded cardinality).
    const upstream = line.error === errorCodes.UNKNOWN_UPSTREAM ? '(unknown)' : line.upstream;
    this.requests.inc({ upstream, status_class: statusClass(line.status) });
    if (line.error) this.gatewayErrors.inc({ upstream, type: line.error });
    for (const attempt of line.attempts) this.attempts.inc({ upstream, outcome: attempt.outcome });
    if (line.attempts.length > 1) this.retries.inc({ upstream }, line.attempts.length - 1);
    this.duration.observe({ upstream }, line.ms / 1000);
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
