import type { TargetView } from '@/lib/api-types';
import { patchPaths } from '@/lib/object-paths';
import './target-config-chips.css';

// What a target has configured beyond its row, at a glance: injected headers (names only),
// overrides, TLS settings that are not the defaults.

export function TargetConfigChips({ view }: { view: TargetView }) {
  const headers = Object.keys(view.headers).length;
  // An empty passive block overrides nothing; an empty active block turns probing on, so it counts.
  const overrides = patchPaths(view.healthChecks).filter((path) => path !== 'passive').length;
  patchPaths(view.healthChecks).length + (view.healthChecks.active && Object.keys(view.healthChecks.active).length === 0 ? 1 : 0);
  const chips = [
    headers > 0 ? `${headers} header${headers === 1 ? '' : 's'}` : null,
    overrides > 0 ? `${overrides} override${overrides === 1 ? '' : 's'}` : null,
    view.caCert ? 'custom CA' : null,
    view.protocol === 'https' && !view.tlsVerify ? 'TLS unverified' : null,
  ].filter((chip): chip is string => chip !== null);
  if (chips.length === 0) return null;
  return (
    <ul className="config-chips" aria-label="Configured on the target's page">
      {chips.map((chip) => (
        <li key={chip} className={chip === 'TLS unverified' ? 'chip chip-warn' : 'chip'}>
          {chip}
        </li>
      ))}
    </ul>
  );
}
