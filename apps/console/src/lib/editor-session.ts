'use client';

import { createContext, useContext } from 'react';
import type { UpstreamView } from '@/lib/api-types';
import type { Resync } from '@/lib/use-server-form';
import type { VersionConflict } from '@/lib/version-conflict';

// What the forms of one upstream's pages share: a write refused for a version conflict is
// reported to the page (which shows what changed and offers a reload), and the page's reload
// reaches every form.

export type ConflictReport = {
  conflict: VersionConflict;
  /** The copy the refused edit was based on. */
  base: UpstreamView;
  /** API paths the refused edit changed (target fields as `targets.<host:port>.<field>`). */
  edited: readonly string[];
};

export type EditorSession = {
  resync: Resync;
  reportConflict: (report: ConflictReport) => void;
  /** The refused write the page shows, if any. */
  conflict: ConflictReport | null;
  /** Every form starts again from the stored copy the conflict brought, with or without its edits. */
  reload: (keepEdits: boolean) => void;
};

export const EditorSessionContext = createContext<EditorSession>({
  resync: { token: 0, keepEdits: false },
  reportConflict: () => {},
  conflict: null,
  reload: () => {},
});

export function useEditorSession(): EditorSession {
  return useContext(EditorSessionContext);
}
