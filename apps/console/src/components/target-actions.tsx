'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage } from '@/lib/api-errors';
import { type ActionFacts, availableActions, type TargetAction } from '@/lib/available-actions';
import { useTRPC, useTRPCClient } from '@/lib/trpc';
import './target-actions.css';

// The operator's actions on one target. Only the actions that would change something are
// offered; drain and disable ask for confirmation first. The runtime logs every action.

const LABELS: Record<TargetAction, string> = {
  enable: 'Enable',
  drain: 'Drain',
  disable: 'Disable',
  resetCircuit: 'Reset circuit',
  endCooldown: 'End cooldown',
};
const CONFIRM: Partial<Record<TargetAction, string>> = {
  drain: 'No new requests; those in flight finish (up to the drain timeout).',
  disable: 'Out of rotation at once.',
};

export type TargetActionsProps = {
  id: string;
  /** host:port, as the buttons' accessible names say it. */
  address: string;
  live: ActionFacts;
};

export function TargetActions({ id, address, live }: TargetActionsProps) {
  const [confirming, setConfirming] = useState<TargetAction | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  // A success is confirmed by the cell itself a moment later: its note fades; errors stay.
  useEffect(() => {
    if (!result?.ok) return;
    const timer = setTimeout(() => setResult(null), 4_000);
    return () => clearTimeout(timer);
  }, [result]);
  const act = useTargetAction(id, setResult, () => setConfirming(null));

  const run = (action: TargetAction) => {
    setResult(null);
    act.mutate(action);
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
          {availableActions(live, Date.now()).map((action) => (
            <button
              key={action}
              type="button"
              className={`btn btn-small${action === 'disable' ? ' btn-danger-quiet' : ''}`}
              aria-label={`${LABELS[action]} target ${address}`}
              disabled={act.isPending}
              onClick={() => (CONFIRM[action] ? setConfirming(action) : run(action))}
            >
              {LABELS[action]}
            </button>
          ))}
        </div>
      )}
      {result && (
        <p
          className={`target-action-result${result.ok ? '' : ' error-text'}`}
          role={result.ok ? 'status' : 'alert'}
          data-testid="action-result"
        >
          {result.text}
        </p>
      )}
    </div>
  );
}

/** One mutation for every action of the cell: each is `targets.<action>({ id })` with the same result shape. */
function useTargetAction(id: string, report: (result: { ok: boolean; text: string }) => void, onSettled: () => void) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: TargetAction) => client.targets[action].mutate({ id }),
    onSuccess: (outcome) => {
      report({ ok: true, text: outcome.changed ? outcome.message : `Nothing to do: ${outcome.message}` });
      void queryClient.invalidateQueries(trpc.upstreams.pathFilter());
      void queryClient.invalidateQueries(trpc.events.pathFilter());
    },
    onError: (error) => report({ ok: false, text: errorMessage(error) }),
    onSettled,
  });
}
