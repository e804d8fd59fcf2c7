'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { UpstreamView } from '@/lib/api-types';
import { useEditorSession } from '@/lib/editor-session';
import { useTRPC } from '@/lib/trpc';
import { versionConflictOf } from '@/lib/version-conflict';
import './forms.css';

// Deleting an upstream asks first, saying what goes with it; then back to the grid. The delete
// names the version the operator saw: a changed upstream is not deleted unseen.

export function DeleteUpstream({ view, onFailed }: { view: UpstreamView; onFailed: (error: unknown) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const session = useEditorSession();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.upstreams.delete.mutationOptions({
      onSuccess: async () => {
        queryClient.removeQueries(trpc.upstreams.get.queryFilter({ name: view.name }));
        await queryClient.invalidateQueries(trpc.upstreams.list.queryFilter());
        router.push('/');
      },
      onError: (error) => {
        const conflict = versionConflictOf(error);
        setConfirming(false);
        if (conflict) session.reportConflict({ conflict, base: view, edited: [] });
        else onFailed(error);
      },
    }),
  );

  if (!confirming) {
    return (
      <button type="button" className="btn btn-danger-quiet" onClick={() => setConfirming(true)}>
        Delete upstream
      </button>
    );
  }
  const targets = view.targets.length;
  return (
    <div className="confirm" role="alertdialog" aria-labelledby="confirm-delete-text">
      <span id="confirm-delete-text">
        Delete <strong>{view.name}</strong> and its {targets} target{targets === 1 ? '' : 's'}? Requests for it will get 404.
      </span>
      <button
        type="button"
        className="btn btn-danger"
        onClick={() => remove.mutate({ name: view.name, expectedVersion: view.version })}
        disabled={remove.isPending}
      >
        {remove.isPending ? 'Deleting…' : 'Confirm delete'}
      </button>
      <button type="button" className="btn btn-quiet" onClick={() => setConfirming(false)} disabled={remove.isPending}>
        Cancel
      </button>
    </div>
  );
}
