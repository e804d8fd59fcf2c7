import { describe, expect, it } from 'vitest';
import type { GridRow } from '@/lib/merge-grid';
import { sameGridRow } from '@/lib/same-grid-row';
import { gridTarget } from '@/lib/test-views';

const row = (live: Partial<Parameters<typeof gridTarget>[0]> | null, fields: Partial<GridRow> = {}): GridRow => ({
  key: 't-1',
  host: '127.0.0.1',
  port: 9101,
  weight: 100,
  priority: 0,
  adminState: 'enabled',
  live: live === null ? undefined : gridTarget({ id: 't-1', host: '127.0.0.1', port: 9101, ...live }),
  ...fields,
});

describe('sameGridRow', () => {
  it('holds for equal rows built from different snapshots', () => {
    expect(sameGridRow(row({ reasons: ['a', 'b'] }), row({ reasons: ['a', 'b'] }))).toBe(true);
    expect(sameGridRow(row(null), row(null))).toBe(true);
  });

  it.each<[string, GridRow]>([
    ['a live field', row({ inFlight: 1 })],
    ['a reason', row({ reasons: ['circuit open'] })],
    ['live data arriving', row(null)],
    ['the weight', row({}, { weight: 50 })],
    ['the admin state', row({}, { adminState: 'draining' })],
  ])('fails when %s changed', (_, other) => {
    expect(sameGridRow(row({}), other)).toBe(false);
  });

  it('compares reasons one by one, not by count', () => {
    expect(sameGridRow(row({ reasons: ['a', 'b'] }), row({ reasons: ['c', 'b'] }))).toBe(false);
  });
});
