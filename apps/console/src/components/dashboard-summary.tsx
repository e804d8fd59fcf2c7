import type { FleetCounts } from '@/lib/fleet-summary';
import type { UpstreamRow } from '@/lib/merge-grid';

// The line under the dashboard's title: what one node sees, or what the fleet sees.

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

export function NodeSummary({ rows }: { rows: UpstreamRow[] }) {
  const counts = countStates(rows);
  return (
    <p className="muted summary" data-testid="summary">
      {plural(rows.length, 'upstream')} · {plural(counts.total, 'target')}
      {counts.total > 0 && (
        <>
          {' '}
          · <span className="text-healthy">{counts.healthy} healthy</span>
          {counts.unhealthy > 0 && (
            <>
              {' '}
              · <span className="text-unhealthy">{counts.unhealthy} unhealthy</span>
            </>
          )}
          {counts.draining > 0 && (
            <>
              {' '}
              · <span className="text-draining">{counts.draining} draining</span>
            </>
          )}
          {counts.disabled > 0 && <> · {counts.disabled} disabled</>}
        </>
      )}
    </p>
  );
}

export function FleetSummary({ counts }: { counts: FleetCounts }) {
  const away = [counts.unreachable > 0 && `${counts.unreachable} unreachable`, counts.lost > 0 && `${counts.lost} lost`].filter(Boolean);
  return (
    <p className="muted summary" data-testid="summary">
      {plural(counts.upstreams, 'upstream')} · {plural(counts.targets, 'target')} ·{' '}
      <span data-testid="fleet-nodes">
        {plural(counts.nodes, 'node')}
        {away.length > 0 && <span className="text-unhealthy"> ({away.join(', ')})</span>}
      </span>
      {counts.targets > 0 && (
        <>
          {' '}
          · <span className="text-healthy">{counts.healthyEverywhere} healthy on every node</span>
          {counts.unhealthySomewhere > 0 && (
            <>
              {' '}
              · <span className="text-unhealthy">{counts.unhealthySomewhere} unhealthy on some</span>
            </>
          )}
        </>
      )}
    </p>
  );
}

function countStates(rows: UpstreamRow[]) {
  const counts = { total: 0, healthy: 0, unhealthy: 0, draining: 0, disabled: 0 };
  for (const row of rows) {
    for (const target of row.targets) {
      counts.total += 1;
      const state = target.live?.state;
      if (state) counts[state] += 1;
    }
  }
  return counts;
}
