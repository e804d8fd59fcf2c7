'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import type { TargetView, UpstreamView } from '@/lib/api-types';
import { useEditorSession } from '@/lib/editor-session';
import { hostPort } from '@/lib/format';
import { patchPaths } from '@/lib/object-paths';
import { saveStatus } from '@/lib/save-status';
import { type TargetForm, targetFromView } from '@/lib/target-form';
import { targetPagePath } from '@/lib/target-page-path';
import { useTRPC } from '@/lib/trpc';
import type { FormErrors } from '@/lib/use-form-errors';
import type { ServerForm } from '@/lib/use-server-form';
import { versionConflictOf } from '@/lib/version-conflict';

/**
 * Saves a target's page. A target that moved (host, port, protocol) comes back under a new id:
 * the page follows it, carrying the names of the secrets the move dropped so the new page can say so.
 */
export function useSaveTarget(options: {
  server: ServerForm<TargetForm, UpstreamView>;
  target: TargetView;
  errors: FormErrors;
  onSaved: (status: { text: string; warning: boolean }) => void;
  onRefused: () => void;
}) {
  const { server, target, errors, onSaved, onRefused } = options;
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const session = useEditorSession();
  return useMutation(
    trpc.targets.update.mutationOptions({
      onSuccess: async ({ droppedSecrets, ...answer }) => {
        if (answer.id !== target.id) {
          const dropped = droppedSecrets.length > 0 ? `?dropped=${encodeURIComponent(droppedSecrets.join(','))}` : '';
          router.replace(`${targetPagePath(server.baseView.name, answer.id)}${dropped}`);
        } else {
          server.saved(targetFromView(answer));
          onSaved(saveStatus(droppedSecrets));
        }
        await queryClient.invalidateQueries(trpc.upstreams.pathFilter());
      },
      onError: (error, input) => {
        const conflict = versionConflictOf(error);
        if (conflict) {
          const edited = patchPaths(input.changes as object, `targets.${hostPort(target)}`);
          session.reportConflict({ conflict, base: server.baseView, edited });
          return;
        }
        errors.showError(error);
        onRefused();
      },
    }),
  );
}
