'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { errorMessage } from '@/lib/api-errors';
import type { GridTarget } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';
import './target-actions.css';

// The operator's actions on one target. Only the actions that would change something are
// offered; drain and disable ask for confirmation first. The runtime logs every action.

type Action = 'enable' | 'drain' | 'disable' | 'resetCircuit' | 'endCooldown';

const LABELS: Record<Action, string> = {
  enable: 'Enable',
  drain: 'Drain',
  disable: 'Disable',
  resetCircuit: 'Reset circuit',
  endCooldown: 'End cooldown',
};
const CONFIRM: Partial<Record<Action, string>> = {
  drain: 'No new requests; those in flight finish (up to the drain timeout).',
  disable: 'Out of rotation at once.',
};

export type TargetActionsProps = {
  id: string;
  /** host:port, as the buttons' accessible names say it. */
  address: string;
  live: Pick<GridTarget, 'adminState' | 'circuit' | 'cooldownUntil'>;
};

export function availableActions(live: TargetActionsProps['live'], now = Date.now()): Action[] {
  const actions: Action[] = [];
  if (live.adminState !== 'enabled') actions.push('enable');
  if (live.adminState === 'enabled') actions.push('drain');
  if (live.adminState !== 'disabled') actions.push('disable');
  if (live.circuit !== 'closed') actions.push('resetCircuit');
  if (live.cooldownUntil !== null && live.cooldownUntil > now) actions.push('endCooldown');
  return actions;
}

export function TargetActions({ id, address, live }: TargetActionsProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<Action | null>(null);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  // A success is confirmed by the cell itself a moment later: its note fades; errors stay.
  useEffect(() => {
    if (!result?.ok) return;
    const timer = setTimeout(() => setResult(null), 4_000);
    return () => clearTimeout(timer);
  }, [result]);

  const options = {
    onSuccess: (outcome: { changed: boolean; message: string }) => {
      setResult({ ok: true, text: outcome.changed ? outcome.message : `Nothing to do: ${outcome.message}` });
      void queryClient.invalidateQueries(trpc.upstreams.pathFilter());
      void queryClient.invalidateQueries(trpc.events.pathFilter());
    },
    onError: (error: unknown) => setResult({ ok: false, text: errorMessage(error) }),
    onSettled: () => setConfirming(null),
  };
  const mutations = {
    enable: useMutation(trpc.targets.enable.mutationOptions(options)),
    drain: useMutation(trpc.targets.drain.mutationOptions(options)),
    disable: useMutation(trpc.targets.disable.mutationOptions(options)),
    resetCircuit: useMutation(trpc.targets.resetCircuit.mutationOptions(options)),
    endCooldown: useMutation(trpc.targets.endCooldown.mutationOptions(options)),
  };
  const busy = Object.values(mutations).some((m) => m.isPending);

  const run = (action: Action) => {
    setResult(null);
    mutations[action].mutate({ id });
  };

  return (
    <div className="target-actions" data-testid="target-actions">
      {confirming ? (
        <div className="target-confirm" role="group" aria-label={`${LABELS[confirming]} target ${address}?`}>
          <span className="target-confirm-text">{CONFIRM[confirming]}</span>
          <button
            type="button"
            className="btn btn-small btn-danger"
            aria-label={`Confirm ${LABELS[confirming].toLowerCase()} target ${address}`}
            disabled={busy}
            onClick={() => run(confirming)}
          >
            Confirm {LABELS[confirming].toLowerCase()}
          </button>
          <button type="button" className="btn btn-small btn-quiet" onClick={() => setConfirming(null)}>
            Cancel
          </button>
        </div>
      ) : (
        <div className="target-action-buttons">
          {availableActions(live).map((action) => (
            <button
              key={action}
              type="button"
              className={`btn btn-small${action === 'disable' ? ' btn-danger-quiet' : ''}`}
              aria-label={`${LABELS[action]} target ${address}`}
              disabled={busy}
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
