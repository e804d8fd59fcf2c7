'use client';

import { useState } from 'react';
import { type BasedForm, followServerCopy, reloadFrom } from '@/lib/form-rebase';

/** Asks every form of a page to start again from the server's copy: bumped by "reload" after a conflict. */
export type Resync = { token: number; keepEdits: boolean };

type State<F, V> = BasedForm<F, V> & { seen: V; token: number };

export type ServerForm<F, V> = BasedForm<F, V> & {
  setForm: (update: (form: F) => F) => void;
  /** Back to the base: the operator discarded the edit. */
  discard: () => void;
  /** The server accepted the edit and answered with its new copy (and the view, when the answer is one). */
  saved: (copy: F, view?: V) => void;
};

/**
 * One form's edit of a server copy (`copy`, read from `view`), following the copy as it
 * changes (see followServerCopy) and the page's reloads (see reloadFrom).
 */
export function useServerForm<F, V>(copy: F, view: V, isDirty: (base: F, form: F) => boolean, resync: Resync): ServerForm<F, V> {
  const [state, setState] = useState<State<F, V>>(() => ({
    base: copy,
    form: copy,
    baseView: view,
    outdated: false,
    seen: view,
    token: resync.token,
  }));
  // Adjusting state to new props during render (React's documented pattern): no effect, no
  // extra paint with the old values. Query data keeps its identity while it is unchanged.
  if (state.seen !== view || state.token !== resync.token) {
    const next =
      state.token !== resync.token ? reloadFrom(state, copy, view, resync.keepEdits) : followServerCopy(state, copy, view, isDirty);
    setState({ ...next, seen: view, token: resync.token });
  }
  return {
    ...state,
    setForm: (update) => setState((prev) => ({ ...prev, form: update(prev.form) })),
    discard: () => setState((prev) => ({ ...prev, form: prev.base })),
    saved: (savedCopy, savedView) =>
      setState((prev) => ({ ...prev, base: savedCopy, form: savedCopy, baseView: savedView ?? prev.baseView, outdated: false })),
  };
}
