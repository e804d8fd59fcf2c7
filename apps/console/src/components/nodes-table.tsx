'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useMemo } from 'react';
import { errorMessage } from '@/lib/api-errors';
import { formatClock } from '@/lib/format';
import { type NodeRow, nodeCounts, nodeRows } from '@/lib/node-rows';
import { useTRPC } from '@/lib/trpc';
import './table.css';
import './nodes-table.css';

// The Nodes page: every runtime of the fleet as the registry has it (each refreshes its row
// every 5 s; one that stopped cleanly is lost at once, one unseen for 15 s is lost, and either
// is forgotten after a day). Polled every second.

const REFRESH_MS = 1_000;

export function NodesTable() {
  const trpc = useTRPC();
  const nodes = useQuery({ ...trpc.nodes.list.queryOptions(), refetchInterval: REFRESH_MS });
  const rows = useMemo(() => (nodes.data ? nodeRows(nodes.data) : []), [nodes.data]);
  const counts = nodes.data ? nodeCounts(nodes.data) : undefined;

  return (
    <div className="page">
      <header className="page-head">
        <div>
          <h1>Nodes</h1>
          <p className="muted summary" data-testid="nodes-summary">
            {counts
              ? [
                  `${counts.total} node${counts.total === 1 ? '' : 's'}`,
                  `${counts.up} up`,
                  counts.lost > 0 && `${counts.lost} lost`,
                  counts.behind > 0 && `${counts.behind} behind on config`,
                  counts.notReady > 0 && `${counts.notReady} not ready`,
                  `config version ${nodes.data?.configVersion}`,
                ]
                  .filter(Boolean)
                  .join(' · ')
              : 'Every runtime sharing this database.'}
          </p>
        </div>
        {nodes.data && (
          <p className="muted summary">
            As node <span className="mono">{nodes.data.self}</span> saw it at {formatClock(nodes.data.at)}; refreshed every second.
          </p>
        )}
      </header>
      {nodes.isError && (
        <div className="alert alert-error" role="alert">
          Could not load the nodes: {errorMessage(nodes.error)}
        </div>
      )}
      {nodes.isPending && <p className="muted">Loading nodes…</p>}
      {rows.length > 0 && <NodeTable rows={rows} />}
    </div>
  );
}

function NodeTable({ rows }: { rows: NodeRow[] }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a region that scrolls must take focus to be scrolled without a mouse
    <section className="panel nodes-panel" aria-label="Nodes" tabIndex={0}>
      <table className="table nodes-table" data-testid="nodes-table">
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Status</th>
            <th scope="col">Address</th>
            <th scope="col">Version</th>
            <th scope="col">Config</th>
            <th scope="col">Uptime</th>
            <th scope="col">Last seen</th>
            <th scope="col">Readiness</th>
            <th scope="col">Req/s</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <NodeTableRow key={row.id} row={row} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function NodeTableRow({ row }: { row: NodeRow }) {
  const lost = row.status === 'Lost';
  return (
    <tr data-testid="node-row" data-node={row.id} data-status={lost ? 'lost' : 'up'} className={lost ? 'node-row-lost' : undefined}>
      <th scope="row" className="mono">
        <Link href={`/?view=${encodeURIComponent(row.id)}`} aria-label={`Grid of node ${row.id}`}>
          {row.id}
        </Link>
        {row.self && <span className="muted node-self"> (this node)</span>}
      </th>
      <td data-testid="node-status">
        <span className={`node-status node-status-${lost ? 'lost' : 'up'}`}>
          <span aria-hidden="true">{lost ? '✕ ' : '✓ '}</span>
          {row.statusText}
        </span>
      </td>
      <td className="mono">{row.adminUrl}</td>
      <td className="mono">{row.version}</td>
      <td data-testid="node-config" data-config={row.config}>
        <span className="num">v{row.configVersion}</span>{' '}
        <span className={row.config === 'current' ? 'text-healthy' : 'text-draining'}>{row.config}</span>
      </td>
      <td className="num">{row.uptime}</td>
      <td className="num" data-testid="node-last-seen" title={new Date(row.view.lastSeenAt).toISOString()}>
        {row.lastSeen}
      </td>
      <td className={row.readiness === 'Not ready' ? 'text-draining' : undefined}>{row.readiness}</td>
      <td className="num">{row.requestsPerSecond}</td>
    </tr>
  );
}
