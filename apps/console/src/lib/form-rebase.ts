import { isPlainObject } from '@/lib/object-paths';

// A form edits a copy of what the server stored: its base. When the server's copy changes
// (the operator's own save elsewhere on the page, someone else's, a reload), the form decides
// what to keep, so that no edit is lost silently and no one else's change is overwritten.

export type BasedForm<F, V> = {
  /** The server's copy the edit started from, as the form holds it. */
  base: F;
  form: F;
  /** The whole view the base was read from: its version goes with every write. */
  baseView: V;
  /** The server's copy changed under an edit in progress: saving now will be refused. */
  outdated: boolean;
};

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * A new server copy arrived. Unchanged for this form (another part of the upstream changed):
 * keep the edit, adopt the newer version. Changed with no edit in progress: show it. Changed
 * under an edit: keep the stale base, so the next save is refused with a conflict instead of
 * overwriting the newer values.
 */
export function followServerCopy<F, V>(state: BasedForm<F, V>, copy: F, view: V, isDirty: (base: F, form: F) => boolean): BasedForm<F, V> {
  if (same(state.base, copy)) return { ...state, baseView: view, outdated: false };
  if (!isDirty(state.base, state.form)) return { base: copy, form: copy, baseView: view, outdated: false };
  return { ...state, outdated: true };
}

/** The operator asked to reload: start from the server's copy, with their edits applied again or not. */
export function reloadFrom<F, V>(state: BasedForm<F, V>, copy: F, view: V, keepEdits: boolean): BasedForm<F, V> {
  return { base: copy, form: keepEdits ? reapplyEdits(state.base, state.form, copy) : copy, baseView: view, outdated: false };
}

/**
 * What the operator changed from `oldBase` to `edited`, applied over `newBase`: objects are
 * compared member by member, anything else (text, lists) whole. A member the operator removed
 * stays removed; everything they did not touch takes the new value.
 */
export function reapplyEdits<F>(oldBase: F, edited: F, newBase: F): F {
  if (!isPlainObject(oldBase) || !isPlainObject(edited) || !isPlainObject(newBase)) {
    return same(oldBase, edited) ? newBase : edited;
  }
  const result: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(newBase), ...Object.keys(edited), ...Object.keys(oldBase)])) {
    const value = reapplyEdits(oldBase[key], edited[key], newBase[key]);
    if (value !== undefined) result[key] = value;
  }
  return result as F;
}
