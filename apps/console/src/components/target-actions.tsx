'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Fragment, memo, useEffect, useState } from 'react';
import { type ActionReport, actionReport, failureReport } from '@/lib/action-report';
import { errorMessage } from '@/lib/api-errors';
import { type ActionFacts, availableActions, type TargetAction } from '@/lib/available-actions';
import type { NodeChoice } from '@/lib/fleet-summary';
import { useTRPC, useTRPCClient } from '@/lib/trpc';
import { ActionResult } from '@/components/action-result';
import './target-actions.css';

// The operator's actions on one target. Only the actions that would change something are
// offered; drain and disable ask for confirmation first. The runtime logs every action.
// Enable, drain and disable change the stored config (every node follows); reset circuit, end
// cooldown and clear credentials act on live state, on every node or the one chosen, and report
// per node.

const LABELS: Record<TargetAction, string> = {
  enable: 'Enable',
  drain: 'Drain',
  disable: 'Disable',
  resetCircuit: 'Reset circuit',
  endCooldown: 'End cooldown',
  clearCredentials: 'Clear credentials',
};
const CONFIRM: Partial<Record<TargetAction, string>> = {
  drain: 'No new requests; those in flight finish (up to the drain timeout).',
  disable: 'Out of rotation at once.',
};
/** The actions on each node's live state, which may be aimed at one node. */
const LIVE_ACTIONS = new Set<TargetAction>(['resetCircuit', 'endCooldown', 'clearCredentials']);
const ALL_NODES = '';

export type TargetActionsProps = {
  id: string;
  /** host:port, as the buttons' accessible names say it. */
  address: string;
  live: ActionFacts;
  /** The nodes a live action may be aimed at; fewer than two offers no choice. */
  nodes?: readonly NodeChoice[];
  /** Where live actions go unless the operator picks otherwise; unset means every node. */
  node?: string;
};

export const TargetActions = memo(function TargetActions({ id, address, live, nodes = [], node }: TargetActionsProps) {
  const [confirming, setConfirming] = useState<TargetAction | null>(null);
  const [report, setReport] = useState<ActionReport | null>(null);
  const [aim, setAim] = useState(node ?? ALL_NODES);
  useEffect(() => {
    if (!report || report.sticky) return;
    const timer = setTimeout(() => setReport(null), 4_000);
    return () => clearTimeout(timer);
  }, [report]);
  const act = useTargetAction(id, setReport, () => setConfirming(null));
  const offered = availableActions(live, Date.now());
  // The node choice stands just before the live actions it applies to.
  const firstLive = offered.find((action) => LIVE_ACTIONS.has(action));
  const choosing = nodes.length > 1 && firstLive !== undefined;

  const run = (action: TargetAction) => {
    setReport(null);
    act.mutate({ action, node: LIVE_ACTIONS.has(action) && aim !== ALL_NODES ? aim : undefined });
  };

  return (
    <div className="target-actions" data-testid="target-actions">
      {confirming ? (
        <fieldset className="target-confirm" aria-label={`${LABELS[confirming]} target ${address}?`}>
          <span className="target-confirm-text">{CONFIRM[confirming]}</span>
          <button
            type="button"
            className="btn btn-small btn-danger"
            aria-label={`Confirm ${LABELS[confirming].toLowerCase()} target ${address}`}
            disabled={act.isPending}
            onClick={() => run(confirming)}
          >
            Confirm {LABELS[confirming].toLowerCase()}
          </button>
          <button type="button" className="btn btn-small btn-quiet" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </fieldset>
      ) : (
        <div className="target-action-buttons">
          {offered.map((action) => (
            <Fragment key={action}>
              {choosing && action === firstLive && <NodeSelect address={address} nodes={nodes} value={aim} onChange={setAim} />}
              <button
                type="button"
                className={`btn btn-small${action === 'disable' ? ' btn-danger-quiet' : ''}`}
                aria-label={`${LABELS[action]} target ${address}`}
                disabled={act.isPending}
                onClick={() => (CONFIRM[action] ? setConfirming(action) : run(action))}
              >
                {LABELS[action]}
              </button>
            </Fragment>
          ))}
        </div>
      )}
      {report && <ActionResult report={report} onDismiss={() => setReport(null)} />}
    </div>
  );
});

function NodeSelect(props: { address: string; nodes: readonly NodeChoice[]; value: string; onChange: (node: string) => void }) {
  return (
    <select
      className="target-node-select"
      aria-label={`Nodes for target ${props.address}`}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
    >
      <option value={ALL_NODES}>All nodes</option>
      {props.nodes.map((choice) => (
        <option key={choice.id} value={choice.id} disabled={choice.lost}>
          {choice.lost ? `${choice.id} (lost)` : choice.id}
        </option>
      ))}
    </select>
  );
}

type ActionCall = { action: TargetAction; node: string | undefined };

/** One mutation for every action of the cell: each is `targets.<action>({ id })`, the live ones with the node aimed at. */
function useTargetAction(id: string, report: (result: ActionReport) => void, onSettled: () => void) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ action, node }: ActionCall) =>
      action === 'resetCircuit' || action === 'endCooldown' || action === 'clearCredentials'
        ? client.targets[action].mutate(node === undefined ? { id } : { id, node })
        : client.targets[action].mutate({ id }),
    onSuccess: (outcome) => {
      report(actionReport(outcome));
      void queryClient.invalidateQueries(trpc.upstreams.pathFilter());
      void queryClient.invalidateQueries(trpc.events.pathFilter());
    },
    onError: (error) => report(failureReport(errorMessage(error))),
    onSettled,
  });
}
