'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { type ReactNode, useState } from 'react';
import type { UpstreamView } from '@/lib/api-types';
import { type ConflictReport, EditorSessionContext, useEditorSession } from '@/lib/editor-session';
import { useTRPC } from '@/lib/trpc';
import type { Resync } from '@/lib/use-server-form';
import { ConflictNotice } from '@/components/conflict-notice';

// The editing session of one upstream's page: its forms report refused writes here, and a
// reload after a conflict puts the stored copy the conflict brought under every form at once.

export function UpstreamSession({ view, children }: { view: UpstreamView; children: ReactNode }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [conflict, setConflict] = useState<ConflictReport | null>(null);
  const [resync, setResync] = useState<Resync>({ token: 0, keepEdits: false });
  // A reload waits for the page's copy to be the stored one the conflict brought (query data
  // reaches the page a moment after it is set): the forms then start again from that copy.
  const [pending, setPending] = useState<{ version: number; keepEdits: boolean } | null>(null);
  if (pending && view.version >= pending.version) {
    setPending(null);
    setResync((prev) => ({ token: prev.token + 1, keepEdits: pending.keepEdits }));
  }

  const reload = (keepEdits: boolean) => {
    const current = conflict?.conflict.current;
    setConflict(null);
    if (!current) return setResync((prev) => ({ token: prev.token + 1, keepEdits }));
    queryClient.setQueryData(trpc.upstreams.get.queryKey({ name: current.name }), current);
    setPending({ version: current.version, keepEdits });
    if (current.name !== view.name) router.replace(`/upstreams/${encodeURIComponent(current.name)}`);
    void queryClient.invalidateQueries(trpc.upstreams.list.queryFilter());
  };

  return <EditorSessionContext value={{ resync, reportConflict: setConflict, conflict, reload }}>{children}</EditorSessionContext>;
}

/** Where the page shows a refused write: near the top, focused, so it is seen and heard. */
export function ConflictSlot() {
  const { conflict, reload } = useEditorSession();
  // Keyed by the refused copy's version: a second refusal focuses the notice again.
  return (
    conflict && (
      <ConflictNotice
        key={`${conflict.conflict.expectedVersion}-${conflict.conflict.currentVersion}`}
        report={conflict}
        onReload={reload}
      />
    )
  );
}
