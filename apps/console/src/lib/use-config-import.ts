'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ImportSummary } from '@/lib/api-types';
import { useTRPC, useTRPCClient } from '@/lib/trpc';

// A config import in two steps: a dry run that previews the changes of one text, then the
// apply of that same text. Editing the text after its preview makes the preview stale: what is
// applied is always what was previewed.

export type ConfigImport = {
  text: string;
  setText: (text: string) => void;
  /** The last dry run and the text it ran on. */
  preview: { text: string; summary: ImportSummary } | null;
  /** True when the text changed after its preview. */
  previewStale: boolean;
  /** What the last apply did. */
  applied: ImportSummary | null;
  runPreview: () => void;
  runApply: () => void;
  busy: boolean;
  /** The error of the last step that failed: an API error with field paths, or a message. */
  error: unknown;
};

export function useConfigImport(): ConfigImport {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [preview, setPreview] = useState<ConfigImport['preview']>(null);
  const [applied, setApplied] = useState<ImportSummary | null>(null);

  const dryRun = useMutation({
    mutationFn: (yaml: string) => client.config.import.mutate({ yaml, dryRun: true }),
    onMutate: () => setApplied(null),
    onSuccess: (summary, yaml) => setPreview({ text: yaml, summary }),
    onError: () => setPreview(null),
  });
  const apply = useMutation({
    mutationFn: (yaml: string) => client.config.import.mutate({ yaml, dryRun: false }),
    onSuccess: (summary) => {
      setApplied(summary);
      setPreview(null);
      void queryClient.invalidateQueries(trpc.upstreams.pathFilter());
      void queryClient.invalidateQueries(trpc.config.export.pathFilter());
    },
  });

  return {
    text,
    setText,
    preview,
    previewStale: preview !== null && preview.text !== text,
    applied,
    runPreview: () => {
      apply.reset();
      dryRun.mutate(text);
    },
    runApply: () => {
      if (preview) apply.mutate(preview.text);
    },
    busy: dryRun.isPending || apply.isPending,
    error: apply.error ?? dryRun.error,
  };
}
