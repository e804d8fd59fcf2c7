'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import type { UpstreamView } from '@/lib/api-types';
import { useTRPC } from '@/lib/trpc';
import './forms.css';

// Deleting an upstream asks first, saying what goes with it; then back to the grid.

export function DeleteUpstream({ view, onFailed }: { view: UpstreamView; onFailed: (error: unknown) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation(
    trpc.upstreams.delete.mutationOptions({
      onSuccess: async () => {
        queryClient.removeQueries(trpc.upstreams.get.queryFilter({ name: view.name }));
        await queryClient.invalidateQueries(trpc.upstreams.list.queryFilter());
        router.push('/');
      },
      onError: onFailed,
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
      <button type="button" className="btn btn-danger" onClick={() => remove.mutate({ name: view.name })} disabled={remove.isPending}>
        {remove.isPending ? 'Deleting…' : 'Confirm delete'}
      </button>
      <button type="button" className="btn btn-quiet" onClick={() => setConfirming(false)} disabled={remove.isPending}>
        Cancel
      </button>
    </div>
  );
}
