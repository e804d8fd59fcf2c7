import { describe, expect, it } from 'vitest';
import { type BasedForm, followServerCopy, reapplyEdits, reloadFrom } from '@/lib/form-rebase';

type Form = { text: Record<string, string>; on: boolean; list: string[] };
const v1: Form = { text: { a: '1', b: '1' }, on: false, list: ['x'] };
const isDirty = (base: Form, form: Form) => JSON.stringify(base) !== JSON.stringify(form);
const state = (form: Form, base: Form = v1): BasedForm<Form, number> => ({ base, form, baseView: 1, outdated: false });

describe('followServerCopy', () => {
  it('keeps an edit and adopts the newer version when this form’s part did not change', () => {
    const edited = { ...v1, on: true };
    expect(followServerCopy(state(edited), { ...v1 }, 2, isDirty)).toEqual({ base: v1, form: edited, baseView: 2, outdated: false });
  });

  it('shows the new copy when there is no edit in progress', () => {
    const v2 = { ...v1, text: { a: '2', b: '1' } };
    expect(followServerCopy(state(v1), v2, 2, isDirty)).toEqual({ base: v2, form: v2, baseView: 2, outdated: false });
  });

  it('keeps the stale base under an edit, so the next save is refused rather than overwrite', () => {
    const edited = { ...v1, on: true };
    const v2 = { ...v1, text: { a: '2', b: '1' } };
    expect(followServerCopy(state(edited), v2, 2, isDirty)).toEqual({ base: v1, form: edited, baseView: 1, outdated: true });
  });
});

describe('reapplyEdits and reloadFrom', () => {
  const v2: Form = { text: { a: '2', b: '2' }, on: false, list: ['x', 'y'] };

  it('puts the operator’s edits over the new copy and takes the new value everywhere else', () => {
    const edited: Form = { text: { a: '1', b: '9' }, on: true, list: ['x'] };
    expect(reapplyEdits(v1, edited, v2)).toEqual({ text: { a: '2', b: '9' }, on: true, list: ['x', 'y'] });
  });

  it('keeps a member the operator removed removed, and one they added', () => {
    const edited = { text: { b: '1', c: '3' }, on: false, list: ['x'] } as Form;
    expect(reapplyEdits(v1, edited, v2).text).toEqual({ b: '2', c: '3' });
  });

  it('reloads with or without the edits, never outdated', () => {
    const edited = { ...v1, on: true };
    expect(reloadFrom(state(edited), v2, 2, true)).toEqual({ base: v2, form: { ...v2, on: true }, baseView: 2, outdated: false });
    expect(reloadFrom(state(edited), v2, 2, false)).toEqual({ base: v2, form: v2, baseView: 2, outdated: false });
  });
});
