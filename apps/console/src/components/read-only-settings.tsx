import type { UpstreamView } from '@/lib/api-types';
import { formatMs } from '@/lib/format';
import './forms.css';
import './read-only-settings.css';

/** Settings the console does not edit yet, shown so the operator sees what is in force. */
export function ReadOnlySettings({ view }: { view: UpstreamView }) {
  const { connectMs, headersMs, bodyIdleMs, totalMs } = view.timeouts;
  const items: Array<[string, string]> = [
    ['Retry on', view.retryOn.join(', ')],
    ['Retry budget', `${view.retryBudgetPct}%`],
    [
      'Timeouts',
      `connect ${formatMs(connectMs)} · headers ${formatMs(headersMs)} · body idle ${formatMs(bodyIdleMs)} · total ${formatMs(totalMs)}`,
    ],
    ['Overprovisioning', String(view.overprovisioningFactor)],
    ['Drain timeout', formatMs(view.drainTimeoutMs)],
    ['Active checks', view.healthChecks.active ? 'on' : 'off'],
  ];
  return (
    <details className="section readonly">
      <summary>Other settings (read-only here)</summary>
      <dl className="kv">
        {items.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
